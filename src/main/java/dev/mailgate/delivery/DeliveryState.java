package dev.mailgate.delivery;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last thing real traffic told us about one account's SMTP server. Health checks read it instead of opening connections of
 * their own: a recent successful send proves the provider is reachable.
 */
public class DeliveryState {

    public record Observation(Instant at, Outcome outcome, String detail) {
    }

    private final AtomicReference<Observation> lastSuccess = new AtomicReference<>();
    private final AtomicReference<Observation> lastFailure = new AtomicReference<>();

    void success() {
        lastSuccess.set(new Observation(Instant.now(), Outcome.SENT, null));
    }

    void failure(DeliveryException e) {
        lastFailure.set(new Observation(Instant.now(), e.outcome(), e.getMessage()));
    }

    public Observation lastSuccess() {
        return lastSuccess.get();
    }

    public Observation lastFailure() {
        return lastFailure.get();
    }
}
