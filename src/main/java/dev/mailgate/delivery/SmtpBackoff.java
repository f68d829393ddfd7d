package dev.mailgate.delivery;

import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random). The base is the {@code @Retry} delay. A throttled
 * attempt is not backed off here: its retry waits at the {@link ThrottleGate}, which knows how long the provider wants.
 */
public class SmtpBackoff implements CustomBackoffStrategy {

    static final long MAX_DELAY_MS = 10_000;

    private long base = 500;
    private int retries;

    @Override
    public void init(long baseDelayInMillis) {
        this.base = Math.max(1, baseDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = Math.min(base << Math.min(retries++, 10), MAX_DELAY_MS);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }
}
