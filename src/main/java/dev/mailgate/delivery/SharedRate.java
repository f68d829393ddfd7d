package dev.mailgate.delivery;

import java.time.Duration;

import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * An account's provider rate limit across replicas. The account's guard counts one process's attempts; with replicas
 * on PostgreSQL each attempt also takes a slot of the same limit from the store, so that N replicas together stay
 * within it. On the embedded store this is a no-op.
 */
public class SharedRate {

    private final String account;
    private final SharedLimits shared;
    private final boolean enabled;
    private final int perWindow;
    private final Duration window;

    public SharedRate(String account, SharedLimits shared, boolean enabled, int perWindow, Duration window) {
        this.account = account;
        this.shared = shared;
        this.enabled = enabled;
        this.perWindow = perWindow;
        this.window = window;
    }

    /** Takes a slot, or fails with a {@link RateLimitException} that says when one frees. */
    Uni<Void> take() {
        if (!enabled || !shared.shared()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            try {
                return shared.takeSlot(account, perWindow, window);
            } catch (java.sql.SQLException e) {
                throw new LimitsUnavailableException("rate limit", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).onItem().transformToUni(wait -> wait == 0
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new RateLimitException(wait, "the rate limit of account " + account + ", "
                        + perWindow + " per " + window + ", is reached across all replicas")));
    }
}
