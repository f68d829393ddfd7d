package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.suppression.Suppressions;
import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;

/**
 * The worker's side of the store: claims with leases, the durable handoff mark, fenced results, and recovery of
 * claims whose holder died. Every update after a claim names the claim's token, so a worker whose lease was taken
 * back cannot change the message any more.
 */
@ApplicationScoped
public class QueueStore {

    /** A claimed message: what the worker needs to send it, and the token that fences its updates. */
    public record Claimed(String id, long token, String messageId, String apiKey, String draft, Instant createdAt,
            Instant sendAt, Instant expiresAt, int attempts, Status claimedFrom, String traceparent) {

        /** When the message became due: its sendAt, or its acceptance. */
        Instant due() {
            return sendAt != null ? sendAt : createdAt;
        }
    }

    /**
     * How a dispatch ends. {@code attempts} SMTP attempts were made (the delivery path retries safe failures itself),
     * summed up in {@code attempt}; a deferral made none, and keeps the message's last error as it was.
     */
    public record Result(Status status, Instant nextAttemptAt, StoredMessage.LastError error,
            StoredMessage.Attempt attempt, int attempts, String sender, List<StoredMessage.Attempt> passed,
            List<Suppressions.Hit> suppressed) {

        public Result(Status status, Instant nextAttemptAt, StoredMessage.LastError error,
                StoredMessage.Attempt attempt, int attempts, String sender, List<StoredMessage.Attempt> passed) {
            this(status, nextAttemptAt, error, attempt, attempts, sender, passed, List.of());
        }

        public Result(Status status, Instant nextAttemptAt, StoredMessage.LastError error,
                StoredMessage.Attempt attempt, int attempts) {
            this(status, nextAttemptAt, error, attempt, attempts, null, List.of());
        }

        /** The recipients dropped from this attempt because they are on the suppression list. */
        Result dropping(List<Suppressions.Hit> hits) {
            return new Result(status, nextAttemptAt, error, attempt, attempts, sender, passed, List.copyOf(hits));
        }

        static Result deferred(Status status, Instant until) {
            return new Result(status, until, null, null, 0);
        }

        /** The address the message went out as, when an account sent it as its own. */
        public Result from(String address) {
            return new Result(status, nextAttemptAt, error, attempt, attempts, address, passed, suppressed);
        }

        /** The accounts that could not take the message before this result's, each logged as an attempt. */
        public Result after(List<StoredMessage.Attempt> steps) {
            return new Result(status, nextAttemptAt, error, attempt, attempts, sender, List.copyOf(steps), suppressed);
        }
    }

    private final StoreWriter writer;
    private final Store store;
    private final Events events;

    public QueueStore(StoreWriter writer, Store store, Events events) {
        this.writer = writer;
        this.store = store;
        this.events = events;
    }

    /** Up to {@code n} due messages, oldest due first, leased to {@code owner} until {@code leaseUntil}. */
    public CompletionStage<List<Claimed>> claim(int n, String owner, Instant leaseUntil) {
        Instant now = Instant.now();
        return writer.writeLazily(c -> store.postgresql() ? Claims.skipLocked(c, n, owner, leaseUntil, now)
                : Claims.embedded(c, n, owner, leaseUntil, now, store.useIndex("message_next_attempt")));
    }

    /**
     * Marks, durably, that the transaction may now hand the message over: the final dot may go out once this stage
     * completes with true. False means the lease is gone, and the dot must not be sent.
     */
    public CompletionStage<Boolean> handoff(String id, long token) {
        Instant now = Instant.now();
        return writer.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET handoff_at = ?, updated_at = ?"
                    + " WHERE id = ? AND lease_token = ? AND status = 'sending'")) {
                ps.setObject(1, Rows.ts(now));
                ps.setObject(2, Rows.ts(now));
                ps.setString(3, id);
                ps.setLong(4, token);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Ends the claim with {@code result}; false if the lease was lost (the row is then left as it is). Not forced to
     * the disk: if a power cut loses it, the message is found mid-send after the restart and the three-way rule
     * applies (uncertain once its handoff began), so it is never sent twice. The handoff mark is what must be durable.
     */
    public CompletionStage<Boolean> finish(Claimed m, Result result) {
        Instant now = Instant.now();
        return writer.writeLazily(c -> finish(c, m, result, now));
    }

    /** {@link #finish(Claimed, Result)} inside a writer transaction that may do more. */
    boolean finish(Connection c, Claimed m, Result result, Instant now) throws SQLException {
        boolean attempted = result.attempt() != null;
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = ?, updated_at = ?,"
                + " finished_at = ?, next_attempt_at = ?, attempts = attempts + ?, handoff_at = NULL,"
                + " lease_owner = NULL, lease_until = NULL, last_attempt_ms = ?"
                + (attempted ? ", error_outcome = ?, error_message = ?, error_code = ?, error_reply = ?,"
                        + " account = COALESCE(?, account)" : "")
                + (result.sender() != null ? ", sender = ?" : "")
                + " WHERE id = ? AND lease_token = ? AND status = 'sending'")) {
            StoredMessage.LastError e = result.error();
            int i = 1;
            ps.setString(i++, result.status().wire());
            ps.setObject(i++, Rows.ts(now));
            ps.setObject(i++, result.status().finished() ? Rows.ts(now) : null);
            ps.setObject(i++, Rows.ts(result.nextAttemptAt()));
            ps.setInt(i++, result.attempts());
            ps.setObject(i++, attempted ? result.attempt().durationMs() : null);
            if (attempted) {
                ps.setString(i++, e == null ? null : e.outcome());
                ps.setString(i++, e == null ? null : MessageStore.truncate(e.message(), 4000));
                ps.setObject(i++, e == null ? null : e.smtpCode());
                ps.setString(i++, e == null ? null : MessageStore.truncate(e.smtpReply(), 2000));
                ps.setString(i++, result.attempt().account());
            }
            if (result.sender() != null) {
                ps.setString(i++, result.sender());
            }
            ps.setString(i++, m.id());
            ps.setLong(i, m.token());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        if (!result.status().finished() && result.nextAttemptAt() != null && !result.nextAttemptAt().isAfter(now)) {
            // Released at shutdown, or put back at once: another replica may take it now.
            QueueListener.notifyQueued(store, c);
        }
        for (StoredMessage.Attempt step : result.passed()) {
            Attempts.insert(c, m.id(), step);
        }
        if (attempted && result.status() != Status.SENT) {
            Attempts.insert(c, m.id(), result.attempt());
        }
        if (!result.suppressed().isEmpty()) {
            events.record(c, Events.Event.of(m.id(), m.apiKey(), EventType.SUPPRESSED, result.status().wire(), now)
                    .withData(SuppressedData.json(result.suppressed())));
            for (Suppressions.Hit h : result.suppressed()) {
                Optional<String> k = Suppressions.key(h.address());
                if (k.isPresent()) {
                    RecipientResults.put(c, m.id(), new RecipientResults.Result(k.get(), h.address(),
                            RecipientResults.SUPPRESSED, now, null, null, "on the suppression list: " + h.reason().wire()
                                    + " since " + h.since()));
                }
            }
        }
        EventType type = switch (result.status()) {
            case SENT -> EventType.SENT;
            case FAILED -> EventType.FAILED;
            case UNCERTAIN -> EventType.UNCERTAIN;
            case RETRYING -> attempted ? EventType.RETRYING : null; // a deferral is no attempt, and no change
            default -> null;
        };
        if (type != null) {
            StoredMessage.Attempt a = result.attempt();
            events.record(c, new Events.Event(m.id(), m.apiKey(), type, result.status().wire(), now,
                    attempted ? m.attempts() + Math.max(1, result.attempts()) : null, a == null ? null : a.outcome(),
                    a == null ? null : a.smtpCode(), a == null ? null : a.smtpReply()));
        }
        return true;
    }

    /** Keeps the claims of messages still being sent. */
    public CompletionStage<Void> renew(String owner, List<Claimed> inFlight, Instant leaseUntil) {
        return writer.writeLazily(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET lease_until = " + store.leaseUntil() + " WHERE id = ?"
                    + " AND lease_token = ? AND lease_owner = ? AND status = 'sending'")) {
                for (Claimed m : inFlight) {
                    store.bindLeaseUntil(ps, 1, leaseUntil);
                    ps.setString(2, m.id());
                    ps.setLong(3, m.token());
                    ps.setString(4, owner);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Takes back claims whose holder is gone: expired leases, and on the single-process embedded store any claim that
     * is not this process's own. A message whose handoff had not begun goes back to the queue; one whose final dot
     * may have gone out becomes uncertain and is never re-sent automatically. Nothing is deleted.
     */
    public CompletionStage<Recovery> recover(String owner) {
        Instant now = Instant.now();
        return writer.write(c -> {
            List<String[]> found = new ArrayList<>();
            // A claimed message keeps the due time it was claimed at, so the due-time index finds the claims.
            try (PreparedStatement ps = c.prepareStatement("SELECT id, lease_token, handoff_at, attempts, api_key FROM message"
                    + store.useIndex("message_next_attempt") + " WHERE next_attempt_at >= ? AND status = 'sending'"
                    + " AND (lease_until < " + store.leaseNow() + (store.exclusive() ? " OR lease_owner <> ?" : "") + ")"
                    // In id order: replicas recovering at once then lock the rows in the same order (no deadlock).
                    + " ORDER BY id")) {
                int i = 1;
                ps.setObject(i++, Rows.ts(Instant.EPOCH));
                if (!store.postgresql()) {
                    ps.setObject(i++, Rows.ts(now));
                }
                if (store.exclusive()) {
                    ps.setString(i, owner);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new String[] { rs.getString(1), Long.toString(rs.getLong(2)),
                                rs.getObject(3) == null ? null : "handoff", Integer.toString(rs.getInt(4)),
                                rs.getString(5) });
                    }
                }
            }
            int requeued = 0;
            int uncertain = 0;
            for (String[] f : found) {
                if (f[2] == null) {
                    requeued += update(c, "UPDATE message SET status = CASE WHEN attempts > 0 THEN 'retrying' ELSE"
                            + " 'queued' END, next_attempt_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL,"
                            + " lease_token = lease_token + 1 WHERE id = ? AND lease_token = ? AND status = 'sending'"
                            // The holder may have marked its handoff since the select (a live replica whose lease
                            // ran out): then this does nothing, and the next pass finds it uncertain.
                            + " AND handoff_at IS NULL" + stillExpired(), now, f[0], Long.parseLong(f[1]));
                } else {
                    int n = update(c, "UPDATE message SET status = 'uncertain', finished_at = ?, updated_at = ?,"
                            + " attempts = attempts + 1, lease_owner = NULL, lease_until = NULL,"
                            + " lease_token = lease_token + 1, error_outcome = 'uncertain', error_message = '"
                            + INTERRUPTED + "' WHERE id = ? AND lease_token = ? AND status = 'sending'" + stillExpired(),
                            now, f[0], Long.parseLong(f[1]));
                    if (n == 1) {
                        Attempts.insert(c, f[0], new StoredMessage.Attempt(now, "uncertain", null, null, 0));
                        events.record(c, new Events.Event(f[0], f[4], EventType.UNCERTAIN, "uncertain", now,
                                Integer.parseInt(f[3]) + 1, "uncertain", null, null));
                    }
                    uncertain += n;
                }
            }
            if (requeued > 0) {
                QueueListener.notifyQueued(store, c);
            }
            return new Recovery(requeued, uncertain);
        });
    }

    /**
     * PostgreSQL: the lease must still be expired when the update runs. A renewal that committed since the select
     * (the holder is alive after all) then wins. The embedded store's single writer runs both in one unit.
     */
    private String stillExpired() {
        return store.postgresql() ? " AND lease_until < clock_timestamp()" : "";
    }

    /** What a recovery pass did. */
    public record Recovery(int requeued, int uncertain) {
    }

    static final String INTERRUPTED = "mailgate stopped while this message was being handed to the SMTP server: the"
            + " final dot may have gone out, so it is not re-sent automatically. Check the recipient''s mailbox, then"
            + " POST /api/v1/messages/{id}/retry to send it again.";

    /** Both recovery updates take: the time twice, then the id and the token they fence on. */
    private static int update(Connection c, String sql, Instant now, String id, long token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rows.ts(now));
            ps.setObject(2, Rows.ts(now));
            ps.setString(3, id);
            ps.setLong(4, token);
            return ps.executeUpdate();
        }
    }
}
