package dev.mailgate.delivery;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * An account's delivery policies, as SmallRye Fault Tolerance guards built in code: annotations are fixed per method,
 * and each account needs its own breaker, rate limit and bulkhead. The values are the ones documented before accounts
 * existed, {@code quarkus.fault-tolerance."dev.mailgate.delivery.SmtpSender/send".<policy>.<property>}, now the
 * defaults of every account; an account's own rate-limit wins. Nesting as with annotations:
 * Retry(CircuitBreaker(RateLimit(Bulkhead(attempt)))), so every attempt counts in the breaker and takes a permit.
 */
record AccountPolicy(boolean retry, int maxRetries, long retryDelayMs, long maxDurationMs,
        boolean breaker, int volume, double ratio, long breakerDelayMs, int successThreshold,
        boolean rateLimit, int rate, Duration window, boolean bulkhead, int concurrent, int queue) {

    static final String PREFIX = "quarkus.fault-tolerance.\"dev.mailgate.delivery.SmtpSender/send\".";
    static final long BREAKER_DELAY_MS = 30_000;
    static final int RATE = 60;

    /** The settings every account starts from; {@code rate}/{@code window} override the rate limit when given. */
    static AccountPolicy of(Config config, OptionalInt rate, Duration window) {
        int perWindow = rate.orElseGet(() -> integer(config, "rate-limit.value", RATE));
        Duration w = rate.isPresent() ? window
                : Duration.of(number(config, "rate-limit.window", 1), unit(config, "rate-limit.window-unit", "minutes"));
        return new AccountPolicy(enabled(config, "retry"), integer(config, "retry.max-retries", 3),
                millis(config, "retry.delay", 500), millis(config, "retry.max-duration", 20_000),
                enabled(config, "circuit-breaker"), integer(config, "circuit-breaker.request-volume-threshold", 5),
                config.getOptionalValue(PREFIX + "circuit-breaker.failure-ratio", Double.class).orElse(0.8),
                millis(config, "circuit-breaker.delay", BREAKER_DELAY_MS),
                integer(config, "circuit-breaker.success-threshold", 1),
                enabled(config, "rate-limit"), perWindow, w,
                enabled(config, "bulkhead"), integer(config, "bulkhead.value", 8),
                integer(config, "bulkhead.waiting-task-queue", 64));
    }

    /** Circuit breaker, rate limit and bulkhead of one account; the breaker is named for CircuitBreakerMaintenance. */
    TypedGuard<Uni<Delivered>> limits(String account, CircuitClock clock) {
        // The description is the guard's "method" label in the fault-tolerance metrics.
        TypedGuard.Builder<Uni<Delivered>> b = TypedGuard.create(new jakarta.enterprise.util.TypeLiteral<Uni<Delivered>>() {
        }).withDescription("dev.mailgate.delivery.Account/" + account);
        if (breaker) {
            b = b.withCircuitBreaker().requestVolumeThreshold(volume).failureRatio(ratio)
                    .delay(breakerDelayMs, ChronoUnit.MILLIS).successThreshold(successThreshold)
                    // Only outages count: a refused message, a throttle or mailgate's own limits say nothing about them.
                    .skipOn(List.of(DeliveryException.NotAnOutage.class, QuotaExceededException.class,
                            RateLimitException.class, BulkheadException.class, LimitsUnavailableException.class))
                    .name(clock.name()).onStateChange(clock::changed).done();
        }
        if (rateLimit) {
            b = b.withRateLimit().limit(rate).window(Math.max(1, window.toMillis()), ChronoUnit.MILLIS)
                    .type(RateLimitType.ROLLING).done();
        }
        if (bulkhead) {
            b = b.withBulkhead().limit(concurrent).queueSize(queue).done();
        }
        return b.build();
    }

    /** Retries of the failures {@code when} accepts, with {@link SmtpBackoff}. */
    TypedGuard<Uni<Delivered>> retries(String description, Predicate<Throwable> when) {
        TypedGuard.Builder<Uni<Delivered>> b = TypedGuard.create(new jakarta.enterprise.util.TypeLiteral<Uni<Delivered>>() {
        }).withDescription(description);
        if (retry) {
            b = b.withRetry().maxRetries(maxRetries).delay(retryDelayMs, ChronoUnit.MILLIS)
                    .maxDuration(maxDurationMs, ChronoUnit.MILLIS).jitter(0, ChronoUnit.MILLIS).whenException(when)
                    .withCustomBackoff().strategy(SmtpBackoff::new).done().done();
        }
        return b.build();
    }

    private static boolean enabled(Config config, String policy) {
        return config.getOptionalValue(PREFIX + policy + ".enabled", Boolean.class).orElse(true);
    }

    private static int integer(Config config, String key, int fallback) {
        return config.getOptionalValue(PREFIX + key, Integer.class).orElse(fallback);
    }

    private static long number(Config config, String key, long fallback) {
        return config.getOptionalValue(PREFIX + key, Long.class).orElse(fallback);
    }

    private static long millis(Config config, String key, long fallback) {
        long value = number(config, key, fallback);
        return config.getOptionalValue(PREFIX + key + "-unit", String.class).isPresent()
                ? Duration.of(value, unit(config, key + "-unit", "millis")).toMillis() : value;
    }

    private static ChronoUnit unit(Config config, String key, String fallback) {
        return ChronoUnit.valueOf(config.getOptionalValue(PREFIX + key, String.class).orElse(fallback).trim()
                .toUpperCase(Locale.ROOT));
    }
}
