package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;

/**
 * What a caller may change about a message: cancel or reschedule it while it waits, retry it once it failed or is
 * uncertain. Each is one conditional update, so it cannot race the worker: a message the worker has claimed is
 * {@code sending}, which none of these accept.
 */
@ApplicationScoped
public class MessageChanges {

    /**
     * The message's status after the request; {@code applied} false means it was not in a state that allows it. When
     * applied, {@code message} is the message as the change left it, read in the same transaction (the worker may
     * claim it the moment after).
     */
    public record Change(Optional<Status> status, boolean applied, Optional<StoredMessage> message) {
        static Change notFound() {
            return new Change(Optional.empty(), false, Optional.empty());
        }
    }

    private static final String PENDING = "('scheduled', 'queued', 'retrying')";

    private final StoreWriter writer;
    private final MessageStore store;
    private final Store backend;
    private final Events events;

    public MessageChanges(StoreWriter writer, MessageStore store, Store backend, Events events) {
        this.writer = writer;
        this.store = store;
        this.backend = backend;
        this.events = events;
    }

    public CompletionStage<Change> cancel(String id, Optional<String> key) {
        Instant now = Instant.now();
        return writer.write(c -> change(c, id, key, Status.CANCELLED, EventType.CANCELLED, "UPDATE message SET status = 'cancelled',"
                + " updated_at = ?, finished_at = ?, next_attempt_at = NULL WHERE id = ?%s AND status IN " + PENDING,
                List.of(Rows.ts(now), Rows.ts(now))));
    }

    /** A time in the future makes it scheduled again; now or earlier, queued. */
    public CompletionStage<Change> reschedule(String id, Optional<String> key, Instant sendAt) {
        Instant now = Instant.now();
        Status next = sendAt.isAfter(now) ? Status.SCHEDULED : Status.QUEUED;
        return writer.write(c -> change(c, id, key, next, null, "UPDATE message SET status = '" + next.wire() + "',"
                + " updated_at = ?, send_at = ?, next_attempt_at = ? WHERE id = ?%s AND status IN " + PENDING,
                List.of(Rows.ts(now), Rows.ts(sendAt), Rows.ts(sendAt))));
    }

    /**
     * Queues an uncertain or failed message whose content is kept (asynchronous, or synchronous with an idempotency
     * key) again, with the same Message-ID and a new max-age window. Only ever on a caller's explicit request.
     */
    public CompletionStage<Change> retry(String id, Optional<String> key, Instant expiresAt) {
        Instant now = Instant.now();
        return writer.write(c -> change(c, id, key, Status.QUEUED, EventType.QUEUED, "UPDATE message SET status = 'queued',"
                + " updated_at = ?, next_attempt_at = ?, expires_at = ?, finished_at = NULL, handoff_at = NULL,"
                + " lease_owner = NULL, lease_until = NULL, error_outcome = NULL, error_message = NULL,"
                + " error_code = NULL, error_reply = NULL WHERE id = ?%s AND status IN ('uncertain', 'failed')"
                + " AND draft IS NOT NULL AND body_deleted = FALSE",
                List.of(Rows.ts(now), Rows.ts(now), Rows.ts(expiresAt))));
    }

    /** {@code event}: the state change to record when applied (a reschedule records none). */
    private Change change(Connection c, String id, Optional<String> key, Status to, EventType event, String sql,
            List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(String.format(sql, key.isPresent() ? " AND api_key = ?" : ""))) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
            }
            ps.setString(i++, id);
            if (key.isPresent()) {
                ps.setString(i, key.get());
            }
            if (ps.executeUpdate() == 1) {
                if (to == Status.QUEUED) {
                    QueueListener.notifyQueued(backend, c);
                }
                Optional<StoredMessage> changed = store.find(c, id, key);
                if (event != null) {
                    events.record(c, Events.Event.of(id, changed.map(StoredMessage::apiKey).orElse(null), event,
                            to.wire(), Instant.now()));
                }
                return new Change(Optional.of(to), true, changed);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM message WHERE id = ?"
                + (key.isPresent() ? " AND api_key = ?" : ""))) {
            ps.setString(1, id);
            if (key.isPresent()) {
                ps.setString(2, key.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Change(Status.fromWire(rs.getString(1)), false, Optional.empty())
                        : Change.notFound();
            }
        }
    }
}
