package dev.mailgate.delivery;

import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), and a longer wait when the provider said we are
 * sending too fast: hammering a throttling provider only extends the throttle. The base is the {@code @Retry} delay.
 */
public class SmtpBackoff implements CustomBackoffStrategy {

    static final int RATE_LIMIT_FACTOR = 4;
    static final long MAX_DELAY_MS = 10_000;

    private long base = 500;
    private int retries;

    @Override
    public void init(long baseDelayInMillis) {
        this.base = Math.max(1, baseDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = base << Math.min(retries++, 10);
        if (cause instanceof DeliveryException d && d.outcome() == Outcome.RATE_LIMITED) {
            delay *= RATE_LIMIT_FACTOR;
        }
        delay = Math.min(delay, MAX_DELAY_MS);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }
}
