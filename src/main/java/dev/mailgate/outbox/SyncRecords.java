package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import org.jboss.logging.Logger;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;

/**
 * Synchronous sends' records (one row each, no content), written behind their responses in batches, with the event
 * of each outcome; findable by id while on their way.
 */
@ApplicationScoped
public class SyncRecords {

    private static final Logger LOG = Logger.getLogger(SyncRecords.class);

    private final Store store;
    private final StoreWriter writer;
    private final ObjectMapper mapper;
    private final Events events;
    private final java.util.Queue<SyncRecord> records = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Map<String, SyncRecord> writing = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean recordsQueued = new java.util.concurrent.atomic.AtomicBoolean();

    public SyncRecords(Store store, StoreWriter writer, ObjectMapper mapper, Events events) {
        this.store = store;
        this.writer = writer;
        this.mapper = mapper;
        this.events = events;
    }

    /**
     * A synchronous send's record, written behind its response: one row, no content, and lost at worst in a power
     * cut. Records are queued and written in JDBC batches, one writer turn for however many arrived meanwhile: at
     * thousands of sends a second they must cost the hot path next to nothing.
     */
    public void record(MessageStore.NewMessage m, int attempts, StoredMessage.LastError error, Instant finishedAt,
            String account) {
        records.add(new SyncRecord(m, attempts, error, finishedAt, account));
        if (recordsQueued.compareAndSet(false, true)) {
            // A moment's delay gathers the records of many sends into one commit: H2 writes the changed pages at
            // every commit, and under load one commit per send would cost more than the sends themselves.
            write(RECORD_DELAY_MS);
        }
    }

    private void write(long delayMs) {
        java.util.concurrent.CompletableFuture.delayedExecutor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> writer.writeLazily(c -> {
                    recordsQueued.set(false);
                    return insertRecords(c);
                }).whenComplete((ids, e) -> {
                    if (ids != null) {
                        ids.forEach(writing::remove);
                        failures.set(0);
                    } else if (failures.incrementAndGet() <= 5) {
                        // The store failed for a moment: the records stay in writing and go with the next batch.
                        LOG.warnf("synchronous send records not written yet (%s); trying again", e.getMessage());
                        if (recordsQueued.compareAndSet(false, true)) {
                            write(1_000);
                        }
                    } else {
                        LOG.errorf("%d synchronous send record(s) dropped after repeated store failures: %s",
                                writing.size(), e.getMessage());
                        writing.clear();
                        failures.set(0);
                    }
                }));
    }

    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

    private static final long RECORD_DELAY_MS = 50;

    private record SyncRecord(MessageStore.NewMessage m, int attempts, StoredMessage.LastError error, Instant finishedAt,
            String account) {
    }

    /** Writes the queued records; they stay findable in {@code writing} until their commit is done. */
    private List<String> insertRecords(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, message_id, api_key, mode, status,"
                + " sender, recipients, subject, size_bytes, created_at, updated_at, finished_at, attempts,"
                + " last_attempt_ms, error_outcome, error_message, error_code, error_reply, body_deleted, account)"
                + " VALUES (?, ?, ?, 'sync', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)" + store.ignoreDuplicate())) {
            // Whatever is in writing now was rolled back with a failed batch (a committed one has left it already):
            // it is written again with the new ones.
            for (SyncRecord r = records.peek(); r != null; r = records.peek()) {
                writing.put(r.m().id(), r);
                records.poll();
            }
            List<SyncRecord> batch = List.copyOf(writing.values());
            for (SyncRecord r : batch) {
                MessageStore.NewMessage m = r.m();
                StoredMessage.LastError error = r.error();
                ps.setString(1, m.id());
                ps.setString(2, m.messageId());
                ps.setString(3, m.apiKey());
                ps.setString(4, m.status().wire());
                ps.setString(5, m.sender());
                ps.setString(6, json(m.recipients()));
                ps.setString(7, MessageStore.truncate(m.subject(), 2000));
                ps.setLong(8, m.size());
                ps.setObject(9, Rows.ts(m.createdAt()));
                ps.setObject(10, Rows.ts(r.finishedAt()));
                ps.setObject(11, Rows.ts(r.finishedAt()));
                ps.setInt(12, r.attempts());
                ps.setLong(13, java.time.Duration.between(m.createdAt(), r.finishedAt()).toMillis());
                ps.setString(14, error == null ? null : error.outcome());
                ps.setString(15, error == null ? null : MessageStore.truncate(error.message(), 4000));
                ps.setObject(16, error == null ? null : error.smtpCode());
                ps.setString(17, error == null ? null : MessageStore.truncate(error.smtpReply(), 2000));
                ps.setString(18, r.account());
                ps.addBatch();
                ids.add(m.id());
            }
            if (!ids.isEmpty()) {
                int[] inserted = ps.executeBatch();
                List<Events.Event> outcomes = new ArrayList<>();
                int i = 0;
                for (SyncRecord r : batch) {
                    Events.Event e = outcome(r);
                    if (i < inserted.length && inserted[i++] != 0 && events.wanted(e.type(), e.apiKey())) {
                        outcomes.add(e);
                    }
                }
                events.record(c, outcomes);
            }
        }
        return ids;
    }


    /** A synchronous send's outcome, as an event. */
    private static Events.Event outcome(SyncRecord r) {
        StoredMessage.LastError e = r.error();
        EventType type = switch (r.m().status()) {
            case SENT -> EventType.SENT;
            case UNCERTAIN -> EventType.UNCERTAIN;
            default -> EventType.FAILED;
        };
        return new Events.Event(r.m().id(), r.m().apiKey(), type, r.m().status().wire(), r.finishedAt(), r.attempts(),
                e == null ? "sent" : e.outcome(), e == null ? Integer.valueOf(250) : e.smtpCode(),
                e == null ? null : e.smtpReply());
    }


    /**
     * A synchronous send's record still on its way to the store (up to 50 ms): its id works at once. A record is
     * put in {@code writing} before it leaves {@code records}, so looking in this order never misses it.
     */
    Optional<StoredMessage> pending(String id, Optional<String> key) {
        Optional<SyncRecord> found = records.stream().filter(r -> r.m().id().equals(id)).findFirst()
                .or(() -> Optional.ofNullable(writing.get(id)));
        return found.filter(r -> key.isEmpty() || key.get().equals(r.m().apiKey())).map(r -> {
            MessageStore.NewMessage m = r.m();
            StoredMessage s = new StoredMessage(m.id(), m.messageId(), m.apiKey(), "sync", m.status(), m.sender(),
                    m.recipients(), m.subject(), m.size(), m.createdAt(), r.finishedAt(), null, null, r.finishedAt(),
                    r.attempts(), r.error(), true, List.of(), r.account());
            return s.withAttempts(Attempts.ofRow(s, java.time.Duration.between(m.createdAt(), r.finishedAt()).toMillis()));
        });
    }


    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
