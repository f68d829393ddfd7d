package dev.mailgate.delivery;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import dev.mailgate.config.DeliveryPolicyConfig;

import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * An account's delivery policies, as SmallRye Fault Tolerance guards built in code: annotations are fixed per method,
 * and each account needs its own breaker, rate limit and bulkhead. The values are {@code mailgate.delivery.retry.*},
 * {@code .circuit-breaker.*}, {@code .rate-limit.*} and {@code .bulkhead.*} ({@link DeliveryPolicyConfig}), the
 * defaults of every account; an account's own rate-limit wins. Nesting as with annotations:
 * Retry(CircuitBreaker(RateLimit(Bulkhead(attempt)))), so every attempt counts in the breaker and takes a permit.
 */
record AccountPolicy(boolean retry, int maxRetries, long retryDelayMs, long maxDurationMs,
        boolean breaker, int volume, double ratio, long breakerDelayMs, int successThreshold,
        boolean rateLimit, int rate, Duration window, boolean bulkhead, int concurrent, int queue) {

    /** The settings every account starts from; {@code rate}/{@code window} override the rate limit when given. */
    static AccountPolicy of(DeliveryPolicyConfig.Policies p, OptionalInt rate, Duration window) {
        return new AccountPolicy(p.retry(), p.maxRetries(), p.retryDelay().toMillis(), p.maxDuration().toMillis(),
                p.breaker(), p.volume(), p.ratio(), p.breakerDelay().toMillis(), p.successThreshold(),
                p.rateLimit(), rate.orElse(p.rate()), rate.isPresent() ? window : p.window(),
                p.bulkhead(), p.concurrent(), p.queue());
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
}
