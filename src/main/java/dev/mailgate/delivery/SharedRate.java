package dev.mailgate.delivery;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The provider rate limit across replicas. {@code @RateLimit} on {@link SmtpSender#send} counts one process's
 * attempts; with replicas on PostgreSQL each attempt also takes a slot of the same limit (same settings) from the
 * store, so that N replicas together stay within it. On the embedded store this is a no-op.
 */
@ApplicationScoped
public class SharedRate {

    static final String PREFIX = "quarkus.fault-tolerance.\"" + SmtpSender.IDENTIFIER + "\".rate-limit.";

    private final SharedLimits shared;
    private final boolean enabled;
    private final int perWindow;
    private final Duration window;

    public SharedRate(SharedLimits shared,
            @ConfigProperty(name = PREFIX + "enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = PREFIX + "value", defaultValue = "" + SmtpSender.RATE) int perWindow,
            @ConfigProperty(name = PREFIX + "window", defaultValue = "1") long window,
            @ConfigProperty(name = PREFIX + "window-unit", defaultValue = "minutes") String unit) {
        this.shared = shared;
        this.enabled = enabled;
        this.perWindow = perWindow;
        this.window = Duration.of(window, ChronoUnit.valueOf(unit.trim().toUpperCase(java.util.Locale.ROOT)));
    }

    /** Takes a slot, or fails with a {@link RateLimitException} that says when one frees. */
    Uni<Void> take() {
        if (!enabled || !shared.shared()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            try {
                return shared.takeSlot(DailyQuota.ACCOUNT, perWindow, window);
            } catch (java.sql.SQLException e) {
                throw new LimitsUnavailableException("rate limit", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).onItem().transformToUni(wait -> wait == 0
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new RateLimitException(wait, "the provider rate limit of " + perWindow
                        + " per " + window + " is reached across all replicas")));
    }
}
