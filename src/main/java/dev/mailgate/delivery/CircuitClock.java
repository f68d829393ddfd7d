package dev.mailgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * One account's circuit breaker as callers need it: its state, and when it opened, so that a fast-failed caller can be
 * told in Retry-After how long until the breaker lets a trial request through. SmallRye tracks the state but not that
 * moment.
 */
public class CircuitClock {

    private final Duration delay;
    private final CircuitBreakerMaintenance maintenance;
    private final String name;
    private final AtomicReference<Instant> openedAt = new AtomicReference<>();

    public CircuitClock(Duration delay, CircuitBreakerMaintenance maintenance, String name) {
        this.delay = delay;
        this.maintenance = maintenance;
        this.name = name;
    }

    /** The breaker's name, for CircuitBreakerMaintenance. */
    public String name() {
        return name;
    }

    /** The guard's state-change callback. */
    void changed(CircuitBreakerState now) {
        if (now == CircuitBreakerState.OPEN) {
            openedAt.set(Instant.now());
        }
    }

    public CircuitBreakerState state() {
        try {
            return maintenance.currentState(name);
        } catch (IllegalArgumentException e) {
            return CircuitBreakerState.CLOSED; // the breaker is switched off
        }
    }

    /** Whole seconds until the open circuit admits a trial request; at least 1. */
    public long secondsUntilHalfOpen() {
        Instant opened = openedAt.get();
        if (opened == null) {
            return Math.max(1, delay.toSeconds());
        }
        long ms = delay.minus(Duration.between(opened, Instant.now())).toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }
}
