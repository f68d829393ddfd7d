package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;

/**
 * Forgets finished messages: their content after body-retention (7 d), their record after retention (30 d); and
 * expired idempotency keys. Only
 * finished messages are touched; a message that is waiting or in flight, whatever its lease, is never deleted.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final String FINISHED = "('sent', 'failed', 'uncertain', 'cancelled', 'bounced')";

    private final StoreWriter writer;
    private final Duration retention;
    private final Duration bodyRetention;

    public Retention(StoreWriter writer, MailgateConfig config) {
        this.writer = writer;
        this.retention = config.outbox().retention();
        this.bodyRetention = config.outbox().bodyRetention();
    }

    @Scheduled(every = "${mailgate.outbox.retention-check:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        run(Instant.now()).whenComplete((n, e) -> {
            if (e != null) {
                LOG.warnf("retention: %s", e.getMessage());
            } else if (n[0] + n[1] > 0) {
                LOG.infof("retention: deleted the content of %d and the record of %d finished message(s)", n[0], n[1]);
            }
        });
    }

    /** Returns {bodies deleted, records deleted}. */
    java.util.concurrent.CompletionStage<int[]> run(Instant now) {
        Instant bodiesBefore = now.minus(bodyRetention);
        Instant recordsBefore = now.minus(retention);
        return writer.writeLazily(c -> {
            IdempotencyStore.purge(c, now);
            return new int[] { bodies(c, bodiesBefore), records(c, recordsBefore) };
        });
    }

    /** A message that finished before the cut-off was created before it, so the creation index narrows the walk. */
    private static final String OLD = " created_at < ? AND status IN " + FINISHED + " AND finished_at < ?";

    /**
     * The rows are marked first, parts deleted after, and only for marked rows. The mark takes each row's lock and
     * re-checks its status, and a retry needs an unmarked row: so a message a caller retries meanwhile (on another
     * replica) either keeps its content or is refused, never queued without its attachments.
     */
    private static int bodies(Connection c, Instant before) throws SQLException {
        int n = execute(c, "UPDATE message SET draft = NULL, body_deleted = TRUE WHERE" + OLD
                + " AND body_deleted = FALSE", before);
        execute(c, "DELETE FROM message_part WHERE message_id IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        return n;
    }

    private static int records(Connection c, Instant before) throws SQLException {
        bodies(c, before);
        execute(c, "DELETE FROM attempt WHERE message_id IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        // Its history and webhook deliveries go with the record (a delivery is long finished by then: the retry
        // schedule ends within two days).
        execute(c, "DELETE FROM webhook_delivery WHERE message IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        execute(c, "DELETE FROM recipient_result WHERE message IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        execute(c, "DELETE FROM soft_bounce WHERE message IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        execute(c, "DELETE FROM message_alias WHERE message IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        execute(c, "DELETE FROM message_event WHERE message IN (SELECT id FROM message WHERE" + OLD
                + " AND body_deleted = TRUE)", before);
        return execute(c, "DELETE FROM message WHERE" + OLD + " AND body_deleted = TRUE", before);
    }

    private static int execute(Connection c, String sql, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rows.ts(before));
            ps.setObject(2, Rows.ts(before));
            return ps.executeUpdate();
        }
    }
}
