package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailgate.config.MailgateConfig;

/**
 * When to try a message again after a transient failure: exponential from retry-initial (30 s), doubling per attempt,
 * capped at retry-max (1 h), with ±20 % jitter so that a burst that failed together does not come back together.
 */
@ApplicationScoped
public class RetrySchedule {

    private final Duration initial;
    private final Duration max;

    @Inject
    public RetrySchedule(MailgateConfig config) {
        this(config.outbox().retryInitial(), config.outbox().retryMax());
    }

    RetrySchedule(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait after the {@code attempts}-th attempt failed (1 for the first). */
    Duration after(int attempts) {
        int doublings = Math.min(Math.max(0, attempts - 1), 20);
        long ms = Math.min(max.toMillis(), initial.toMillis() << doublings);
        long jitter = ms / 5;
        return Duration.ofMillis(ms - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }

    Instant next(int attempts) {
        return Instant.now().plus(after(attempts));
    }
}
