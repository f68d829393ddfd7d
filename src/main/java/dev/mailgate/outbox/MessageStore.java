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
import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;
import dev.mailgate.store.Cursor;

/**
 * The API's side of the store: accepting messages (with their events, and an idempotency key if any), reading status
 * and pages (synchronous sends' records still on their way included, from {@link SyncRecords}). Writes go through the {@link StoreWriter}; reads are
 * plain queries, run by callers on worker threads. Every query by id is scoped to the caller's API key, so another
 * key's message is indistinguishable from one that does not exist.
 */
@ApplicationScoped
public class MessageStore {

    private static final String COLUMNS = "id, message_id, api_key, mode, status, sender, recipients, subject,"
            + " size_bytes, created_at, updated_at, send_at, next_attempt_at, finished_at, attempts, last_attempt_ms,"
            + " error_outcome, error_message, error_code, error_reply, body_deleted, account";

    /** A new message's row. {@code status} is queued, scheduled, or a synchronous send's final status. */
    public record NewMessage(String id, String messageId, String apiKey, String mode, Status status, String sender,
            List<String> recipients, String subject, long size, Instant createdAt, Instant sendAt, Instant expiresAt,
            String traceparent) {
    }

    /** A page of messages, newest first, and the cursor of the next page if there is one. */
    public record Page(List<StoredMessage> messages, String nextCursor) {
    }


    private final Store store;
    private final StoreWriter writer;
    private final ObjectMapper json;
    private final IdempotencyStore keys;
    private final Events events;
    private final SyncRecords syncRecords;

    public MessageStore(Store store, StoreWriter writer, ObjectMapper json, IdempotencyStore keys, Events events,
            SyncRecords syncRecords) {
        this.events = events;
        this.syncRecords = syncRecords;
        this.store = store;
        this.writer = writer;
        this.json = json;
        this.keys = keys;
    }

    /** A message to accept and its content. */
    public record Accepted(NewMessage message, MessageDraft draft, boolean raw) {

        public Accepted(NewMessage message, MessageDraft draft) {
            this(message, draft, false);
        }
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
            List<Events.Event> queued = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                NewMessage m = messages.get(i).message();
                if (insert(c, m, contents.get(i), m.sendAt() != null ? m.sendAt() : m.createdAt(), 0)
                        && events.wanted(EventType.QUEUED, m.apiKey())) {
                    queued.add(Events.Event.of(m.id(), m.apiKey(), EventType.QUEUED, m.status().wire(), m.createdAt()));
                }
                writeParts(c, m.id(), messages.get(i).draft());
                due |= m.sendAt() == null;
            }
            events.record(c, queued);
            if (due) {
                QueueListener.notifyQueued(store, c);
            }
            return Optional.empty();
        });
    }

    /** The stored form of a message's draft (its parts go to message_part). */
    String content(Accepted a) {
        return toJson(StoredDraft.of(a.draft(), a.message().createdAt().toEpochMilli(), a.raw()));
    }

    void writeParts(Connection c, String id, MessageDraft draft) throws SQLException {
        List<dev.mailgate.compose.Part> parts = new ArrayList<>(draft.attachments());
        parts.addAll(draft.inline());
        PartStore.write(c, id, parts, store.ignoreDuplicate());
    }

    /** False if the row was there already (PostgreSQL, work run again after a commit that did land). */
    boolean insert(Connection c, NewMessage m, String content, Instant due, int attempts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, message_id, api_key, mode, status,"
                + " sender, recipients, subject, draft, size_bytes, created_at, updated_at, send_at, next_attempt_at,"
                + " expires_at, attempts, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + store.ignoreDuplicate())) {
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
            ps.setObject(11, Rows.ts(m.createdAt()));
            ps.setObject(12, Rows.ts(m.createdAt()));
            ps.setObject(13, Rows.ts(m.sendAt()));
            ps.setObject(14, Rows.ts(due));
            ps.setObject(15, Rows.ts(m.expiresAt()));
            ps.setInt(16, attempts);
            ps.setString(17, m.traceparent());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        if (!m.id().equals(localPart(m.messageId()))) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_alias (message_id, message)"
                    + " VALUES (?, ?)" + store.ignoreDuplicate())) {
                ps.setString(1, m.messageId());
                ps.setString(2, m.id());
                ps.executeUpdate();
            }
        }
        return true;
    }

    /** The local part of a Message-ID: mailgate's id, for the messages it composed. */
    static String localPart(String messageId) {
        String m = messageId == null ? "" : messageId.strip();
        int at = m.indexOf('@');
        return at > 1 && m.startsWith("<") ? m.substring(1, at) : m;
    }

    /** The message with this id, if the key may see it ({@code key} empty: API keys are off, all are visible). */
    public Optional<StoredMessage> find(String id, Optional<String> key) throws SQLException {
        // Pending records first: one leaves them only once committed, so the query after this one then finds it.
        Optional<StoredMessage> pending = syncRecords.pending(id, key);
        if (pending.isPresent()) {
            return pending;
        }
        try (Connection c = store.connection()) {
            return find(c, id, key);
        }
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
    public Page list(Optional<String> key, Optional<Status> status, Optional<String> messageId, int limit,
            Optional<Cursor> cursor)
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
        messageId.ifPresent(m -> {
            // A Message-ID's local part is the message's id: the primary key finds it, and no index on
            // message_id has to be kept up on every insert. A relayed message's own is in message_alias.
            sql.append(" AND (id = ? AND message_id = ? OR id IN (SELECT message FROM message_alias"
                    + " WHERE message_id = ?))");
            args.add(localPart(m));
            args.add(m);
            args.add(m);
        });
        cursor.ifPresent(cur -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.add(Rows.ts(cur.createdAt()));
            args.add(Rows.ts(cur.createdAt()));
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
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "send_at"),
                Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "finished_at"), rs.getInt("attempts"), error,
                rs.getBoolean("body_deleted"), attempts, rs.getString("account"));
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
