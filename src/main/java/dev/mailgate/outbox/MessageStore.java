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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.compose.MessageDraft;

/**
 * The API's side of the store: accepting messages, recording synchronous sends, reading status and pages, and the
 * changes a caller may ask for (cancel, reschedule, retry). Writes go through the {@link StoreWriter}; reads are
 * plain queries, run by callers on worker threads. Every query by id is scoped to the caller's API key, so another
 * key's message is indistinguishable from one that does not exist.
 */
@ApplicationScoped
public class MessageStore {

    private static final String COLUMNS = "id, message_id, api_key, mode, status, sender, recipients, subject,"
            + " size_bytes, created_at, updated_at, send_at, next_attempt_at, finished_at, attempts, last_attempt_ms,"
            + " error_outcome, error_message, error_code, error_reply, body_deleted";

    /** A new message's row. {@code status} is queued, scheduled, or a synchronous send's final status. */
    public record NewMessage(String id, String messageId, String apiKey, String mode, Status status, String sender,
            List<String> recipients, String subject, long size, Instant createdAt, Instant sendAt, Instant expiresAt) {
    }

    /** A page of messages, newest first, and the cursor of the next page if there is one. */
    public record Page(List<StoredMessage> messages, String nextCursor) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MessageStore.class);

    private final Store store;
    private final StoreWriter writer;
    private final ObjectMapper json;
    private final IdempotencyStore keys;
    private final java.util.Queue<SyncRecord> records = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Map<String, SyncRecord> writing = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean recordsQueued = new java.util.concurrent.atomic.AtomicBoolean();

    public MessageStore(Store store, StoreWriter writer, ObjectMapper json, IdempotencyStore keys) {
        this.store = store;
        this.writer = writer;
        this.json = json;
        this.keys = keys;
    }

    /** A message to accept and its content. */
    public record Accepted(NewMessage message, MessageDraft draft) {
    }

    /** Stores an asynchronous message and its content; the stage completes once both are on the disk. */
    public CompletionStage<Void> accept(NewMessage m, MessageDraft draft) {
        return acceptAll(List.of(new Accepted(m, draft)));
    }

    /** Stores messages in one transaction: all of them are on the disk when the stage completes, or none is. */
    public CompletionStage<Void> acceptAll(List<Accepted> messages) {
        return acceptAll(messages, Optional.empty()).thenApply(held -> null);
    }

    /**
     * As {@link #acceptAll(List)}, claiming an idempotency key in the same transaction. The stage completes with the
     * row of a live key another request holds, and then nothing was stored.
     */
    public CompletionStage<Optional<IdempotencyStore.Entry>> acceptAll(List<Accepted> messages,
            Optional<IdempotencyStore.Claim> claim) {
        List<String> contents = messages.stream().map(this::content).toList();
        return writer.write(c -> {
            if (claim.isPresent()) {
                Optional<IdempotencyStore.Entry> held = keys.claim(c, claim.get());
                if (held.isPresent()) {
                    return held;
                }
            }
            boolean due = false;
            for (int i = 0; i < messages.size(); i++) {
                NewMessage m = messages.get(i).message();
                insert(c, m, contents.get(i), m.sendAt() != null ? m.sendAt() : m.createdAt(), 0);
                writeParts(c, m.id(), messages.get(i).draft());
                due |= m.sendAt() == null;
            }
            if (due) {
                QueueListener.notifyQueued(store, c);
            }
            return Optional.empty();
        });
    }

    /** The stored form of a message's draft (its parts go to message_part). */
    String content(Accepted a) {
        return toJson(StoredDraft.of(a.draft(), a.message().createdAt().toEpochMilli()));
    }

    void writeParts(Connection c, String id, MessageDraft draft) throws SQLException {
        List<dev.mailgate.compose.Part> parts = new ArrayList<>(draft.attachments());
        parts.addAll(draft.inline());
        PartStore.write(c, id, parts, store.ignoreDuplicate());
    }

    /**
     * A synchronous send's record, written behind its response: one row, no content, and lost at worst in a power
     * cut. Records are queued and written in JDBC batches, one writer turn for however many arrived meanwhile: at
     * thousands of sends a second they must cost the hot path next to nothing.
     */
    public void record(NewMessage m, int attempts, StoredMessage.LastError error, Instant finishedAt) {
        records.add(new SyncRecord(m, attempts, error, finishedAt));
        if (recordsQueued.compareAndSet(false, true)) {
            // A moment's delay gathers the records of many sends into one commit: H2 writes the changed pages at
            // every commit, and under load one commit per send would cost more than the sends themselves.
            java.util.concurrent.CompletableFuture.delayedExecutor(RECORD_DELAY_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> writer.writeLazily(c -> {
                        recordsQueued.set(false);
                        return insertRecords(c);
                    }).whenComplete((ids, e) -> {
                        if (ids != null) {
                            ids.forEach(writing::remove);
                        }
                        if (e != null) {
                            writing.clear();
                            LOG.warnf("synchronous send records not written: %s", e.getMessage());
                        }
                    }));
        }
    }

    private static final long RECORD_DELAY_MS = 50;

    private record SyncRecord(NewMessage m, int attempts, StoredMessage.LastError error, Instant finishedAt) {
    }

    /** Writes the queued records; they stay findable in {@code writing} until their commit is done. */
    private List<String> insertRecords(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, message_id, api_key, mode, status,"
                + " sender, recipients, subject, size_bytes, created_at, updated_at, finished_at, attempts,"
                + " last_attempt_ms, error_outcome, error_message, error_code, error_reply, body_deleted)"
                + " VALUES (?, ?, ?, 'sync', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)" + store.ignoreDuplicate())) {
            // Whatever is in writing now was rolled back with a failed batch (a committed one has left it already):
            // it is written again with the new ones.
            for (SyncRecord r = records.peek(); r != null; r = records.peek()) {
                writing.put(r.m().id(), r);
                records.poll();
            }
            for (SyncRecord r : writing.values()) {
                NewMessage m = r.m();
                StoredMessage.LastError error = r.error();
                ps.setString(1, m.id());
                ps.setString(2, m.messageId());
                ps.setString(3, m.apiKey());
                ps.setString(4, m.status().wire());
                ps.setString(5, m.sender());
                ps.setString(6, toJson(m.recipients()));
                ps.setString(7, truncate(m.subject(), 2000));
                ps.setLong(8, m.size());
                ps.setObject(9, Store.ts(m.createdAt()));
                ps.setObject(10, Store.ts(r.finishedAt()));
                ps.setObject(11, Store.ts(r.finishedAt()));
                ps.setInt(12, r.attempts());
                ps.setLong(13, java.time.Duration.between(m.createdAt(), r.finishedAt()).toMillis());
                ps.setString(14, error == null ? null : error.outcome());
                ps.setString(15, error == null ? null : truncate(error.message(), 4000));
                ps.setObject(16, error == null ? null : error.smtpCode());
                ps.setString(17, error == null ? null : truncate(error.smtpReply(), 2000));
                ps.addBatch();
                ids.add(m.id());
            }
            if (!ids.isEmpty()) {
                ps.executeBatch();
            }
        }
        return ids;
    }

    void insert(Connection c, NewMessage m, String content, Instant due, int attempts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, message_id, api_key, mode, status,"
                + " sender, recipients, subject, draft, size_bytes, created_at, updated_at, send_at, next_attempt_at,"
                + " expires_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + store.ignoreDuplicate())) {
            ps.setString(1, m.id());
            ps.setString(2, m.messageId());
            ps.setString(3, m.apiKey());
            ps.setString(4, m.mode());
            ps.setString(5, m.status().wire());
            ps.setString(6, m.sender());
            ps.setString(7, toJson(m.recipients()));
            ps.setString(8, truncate(m.subject(), 2000));
            ps.setString(9, content);
            ps.setLong(10, m.size());
            ps.setObject(11, Store.ts(m.createdAt()));
            ps.setObject(12, Store.ts(m.createdAt()));
            ps.setObject(13, Store.ts(m.sendAt()));
            ps.setObject(14, Store.ts(due));
            ps.setObject(15, Store.ts(m.expiresAt()));
            ps.setInt(16, attempts);
            ps.executeUpdate();
        }
    }

    /** The message with this id, if the key may see it ({@code key} empty: API keys are off, all are visible). */
    public Optional<StoredMessage> find(String id, Optional<String> key) throws SQLException {
        // Pending records first: one leaves them only once committed, so the query after this one then finds it.
        Optional<StoredMessage> pending = pendingRecord(id, key);
        if (pending.isPresent()) {
            return pending;
        }
        try (Connection c = store.connection()) {
            return find(c, id, key);
        }
    }

    /**
     * A synchronous send's record still on its way to the store (up to 50 ms): its id works at once. A record is
     * put in {@code writing} before it leaves {@code records}, so looking in this order never misses it.
     */
    private Optional<StoredMessage> pendingRecord(String id, Optional<String> key) {
        Optional<SyncRecord> found = records.stream().filter(r -> r.m().id().equals(id)).findFirst()
                .or(() -> Optional.ofNullable(writing.get(id)));
        return found.filter(r -> key.isEmpty() || key.get().equals(r.m().apiKey())).map(r -> {
            NewMessage m = r.m();
            StoredMessage s = new StoredMessage(m.id(), m.messageId(), m.apiKey(), "sync", m.status(), m.sender(),
                    m.recipients(), m.subject(), m.size(), m.createdAt(), r.finishedAt(), null, null, r.finishedAt(),
                    r.attempts(), r.error(), true, List.of());
            return s.withAttempts(Attempts.ofRow(s, java.time.Duration.between(m.createdAt(), r.finishedAt()).toMillis()));
        });
    }

    Optional<StoredMessage> find(Connection c, String id, Optional<String> key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM message WHERE id = ?"
                + (key.isPresent() ? " AND api_key = ?" : ""))) {
            ps.setString(1, id);
            if (key.isPresent()) {
                ps.setString(2, key.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                StoredMessage found = read(rs, List.of());
                Long lastMs = rs.getObject("last_attempt_ms", Long.class);
                return Optional.of(found.withAttempts(Attempts.of(c, found, lastMs)));
            }
        }
    }

    /** Newest first, {@code limit} at most, after {@code cursor}; attempts are left out of pages. */
    public Page list(Optional<String> key, Optional<Status> status, int limit, Optional<Cursor> cursor)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM message WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        key.ifPresent(k -> {
            sql.append(" AND api_key = ?");
            args.add(k);
        });
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.wire());
        });
        cursor.ifPresent(cur -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.add(Store.ts(cur.createdAt()));
            args.add(Store.ts(cur.createdAt()));
            args.add(cur.id());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(limit + 1);
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<StoredMessage> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(read(rs, List.of()));
                }
            }
            if (page.size() <= limit) {
                return new Page(page, null);
            }
            StoredMessage last = page.get(limit - 1);
            return new Page(page.subList(0, limit), new Cursor(last.createdAt(), last.id()).encode());
        }
    }

    private StoredMessage read(ResultSet rs, List<StoredMessage.Attempt> attempts) throws SQLException {
        String outcome = rs.getString("error_outcome");
        StoredMessage.LastError error = outcome == null ? null : new StoredMessage.LastError(outcome,
                rs.getString("error_message"), (Integer) rs.getObject("error_code", Integer.class), rs.getString("error_reply"));
        return new StoredMessage(rs.getString("id"), rs.getString("message_id"), rs.getString("api_key"),
                rs.getString("mode"), Status.fromWire(rs.getString("status")).orElseThrow(), rs.getString("sender"),
                fromJson(rs.getString("recipients")), rs.getString("subject"), rs.getLong("size_bytes"),
                Store.instant(rs, "created_at"), Store.instant(rs, "updated_at"), Store.instant(rs, "send_at"),
                Store.instant(rs, "next_attempt_at"), Store.instant(rs, "finished_at"), rs.getInt("attempts"), error,
                rs.getBoolean("body_deleted"), attempts);
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> fromJson(String recipients) {
        try {
            return json.readValue(recipients, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Also drops U+0000, which PostgreSQL's text columns refuse (a subject may carry one, so may a server reply). */
    static String truncate(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.indexOf('\0') < 0 ? s : s.replace("\0", "");
        return t.length() <= max ? t : t.substring(0, max);
    }
}
