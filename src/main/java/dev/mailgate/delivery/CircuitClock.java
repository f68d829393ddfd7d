package dev.mailgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.eclipse.microprofile.config.Config;

/**
 * Knows when the SMTP circuit opened, so a fast-failed caller can be told in Retry-After how long until the breaker
 * lets a trial request through. SmallRye tracks the state but not that moment.
 */
@ApplicationScoped
public class CircuitClock {

    private final CircuitBreakerMaintenance maintenance;
    private final Duration delay;
    private final AtomicReference<Instant> openedAt = new AtomicReference<>();

    public CircuitClock(CircuitBreakerMaintenance maintenance, Config config) {
        this.maintenance = maintenance;
        this.delay = Duration.ofMillis(config.getOptionalValue(
                "quarkus.fault-tolerance.\"" + SmtpSender.IDENTIFIER + "\".circuit-breaker.delay", Long.class)
                .orElse(SmtpSender.BREAKER_DELAY_MS));
    }

    void watch(@Observes StartupEvent event) {
        maintenance.onStateChange(SmtpSender.BREAKER, state -> {
            if (state == CircuitBreakerState.OPEN) {
                openedAt.set(Instant.now());
            }
        });
    }

    public CircuitBreakerState state() {
        return maintenance.currentState(SmtpSender.BREAKER);
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
