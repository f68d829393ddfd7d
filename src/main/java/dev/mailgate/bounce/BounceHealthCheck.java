package dev.mailgate.bounce;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data about reading bounces: per account, when its mailbox was last read and the last error. Always UP: a
 * mailbox that cannot be read does not stop sending, and the error is shown, not hidden.
 */
@Readiness
@ApplicationScoped
public class BounceHealthCheck implements AsyncHealthCheck {

    private final MailgateConfig config;
    private final BounceMailboxes mailboxes;
    private final BounceProgress progress;

    public BounceHealthCheck(MailgateConfig config, BounceMailboxes mailboxes, BounceProgress progress) {
        this.config = config;
        this.mailboxes = mailboxes;
        this.progress = progress;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("bounces").up()
                    .withData("enabled", config.bounces().enabled());
            for (ImapSettings s : mailboxes.all()) {
                try {
                    progress.health(s.account()).ifPresent(h -> {
                        b.withData("bounces." + s.account() + ".lastSuccess", String.valueOf(h.lastSuccess()));
                        if (h.lastError() != null) {
                            b.withData("bounces." + s.account() + ".lastError", h.lastError());
                        }
                    });
                } catch (Exception e) {
                    b.withData("bounces." + s.account() + ".lastError", String.valueOf(e.getMessage()));
                }
            }
            return b.build();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
