package dev.mailgate.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.CircuitClock;
import dev.mailgate.delivery.DeliveryState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the SMTP side. QQ limits connection frequency, so this never connects on every probe: a recent
 * successful send counts as proof, and otherwise a greeting probe's result is reused for
 * {@code mailgate.health.smtp-check-interval}.
 * <p>
 * The circuit breaker's state is reported but never turns readiness DOWN: an open circuit is a fact about the
 * provider, shared by every replica. Taking them all out of service would turn a fast, explained 503 (with
 * Retry-After) into connection errors, and a scale-to-zero platform could not even start a replica to serve it.
 */
@Readiness
@ApplicationScoped
public class SmtpHealthCheck implements AsyncHealthCheck {

    private static final String NAME = "smtp";
    private final DeliveryState state;
    private final SmtpProbe probe;
    private final MailgateConfig.Health config;
    private final CircuitClock circuit;

    public SmtpHealthCheck(DeliveryState state, SmtpProbe probe, MailgateConfig config, CircuitClock circuit) {
        this.state = state;
        this.probe = probe;
        this.config = config.health();
        this.circuit = circuit;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.smtpCheck() || probe.mock()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("mode", probe.mock() ? "mock" : "check disabled").withData("circuit", circuitState()).build());
        }
        DeliveryState.Observation sent = state.lastSuccess();
        if (sent != null && fresh(sent.at())) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("server", probe.target()).withData("lastSent", sent.at().toString())
                    .withData("circuit", circuitState()).build());
        }
        return probe.result(config.smtpCheckInterval()).map(r -> HealthCheckResponse.named(NAME).status(r.up())
                .withData("server", probe.target()).withData("checkedAt", r.at().toString())
                .withData("detail", r.detail()).withData("circuit", circuitState()).build());
    }

    private String circuitState() {
        return circuit.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    private boolean fresh(Instant at) {
        return Duration.between(at, Instant.now()).compareTo(config.smtpCheckInterval()) < 0;
    }
}
