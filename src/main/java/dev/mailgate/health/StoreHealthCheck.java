package dev.mailgate.health;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.Backlog;
import dev.mailgate.outbox.OutboxWorker;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import dev.mailgate.store.StoreProbe;

/**
 * Readiness of the store: a gateway that cannot write its outbox cannot accept mail. Whether the queue is paused
 * (a failed login, a throttling provider) is shown as data, not as DOWN: the synchronous API still works, and every
 * replica would see the same pause.
 */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements AsyncHealthCheck {

    private final StoreProbe probe;
    private final Backlog backlog;
    private final OutboxWorker worker;
    private final String kind;

    public StoreHealthCheck(StoreProbe probe, Backlog backlog, OutboxWorker worker, MailgateConfig config) {
        this.probe = probe;
        this.backlog = backlog;
        this.worker = worker;
        this.kind = config.store().kind();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("store").withData("kind", kind);
            String paused = worker.pausedBecause();
            b.withData("queue", paused == null ? "running" : "paused (" + paused + ")");
            try {
                probe.check();
                return b.withData("due", backlog.due()).up().build();
            } catch (Exception e) {
                return b.withData("error", String.valueOf(e.getMessage())).down().build();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
