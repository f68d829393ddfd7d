package dev.mailgate.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.DeliveryState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the SMTP side. QQ limits connection frequency, so this never connects on every probe: a recent
 * successful send counts as proof, and otherwise a greeting probe's result is reused for
 * {@code mailgate.health.smtp-check-interval}.
 */
@Readiness
@ApplicationScoped
public class SmtpHealthCheck implements AsyncHealthCheck {

    private static final String NAME = "smtp";
    private final DeliveryState state;
    private final SmtpProbe probe;
    private final MailgateConfig.Health config;

    public SmtpHealthCheck(DeliveryState state, SmtpProbe probe, MailgateConfig config) {
        this.state = state;
        this.probe = probe;
        this.config = config.health();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!config.smtpCheck() || probe.mock()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("mode", probe.mock() ? "mock" : "check disabled").build());
        }
        DeliveryState.Observation sent = state.lastSuccess();
        if (sent != null && fresh(sent.at())) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("server", probe.target()).withData("lastSent", sent.at().toString()).build());
        }
        return probe.result(config.smtpCheckInterval()).map(r -> HealthCheckResponse.named(NAME).status(r.up())
                .withData("server", probe.target()).withData("checkedAt", r.at().toString())
                .withData("detail", r.detail()).build());
    }

    private boolean fresh(Instant at) {
        return Duration.between(at, Instant.now()).compareTo(config.smtpCheckInterval()) < 0;
    }
}
