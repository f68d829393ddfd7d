package dev.mailgate.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import dev.mailgate.store.Rows;
import dev.mailgate.store.StoreWriter;


/**
 * Records a message's state changes, inside the store transaction that makes them: an event, and one pending
 * delivery per webhook endpoint that wants it. So an event exists exactly when its change does, and its deliveries
 * survive a crash like the message itself. The webhook worker is woken once the transaction has committed.
 */
@ApplicationScoped
public class Events {

    /**
     * A state change: the message's status after it, and for an attempt, its number, outcome and SMTP reply.
     * {@code data}: a JSON object of what else the event carries (the dropped recipients of message.suppressed, the
     * entry of a suppression event), or null.
     */
    public record Event(String message, String apiKey, EventType type, String status, Instant at, Integer attempt,
            String outcome, Integer smtpCode, String smtpReply, String data) {

        public Event(String message, String apiKey, EventType type, String status, Instant at, Integer attempt,
                String outcome, Integer smtpCode, String smtpReply) {
            this(message, apiKey, type, status, at, attempt, outcome, smtpCode, smtpReply, null);
        }

        public static Event of(String message, String apiKey, EventType type, String status, Instant at) {
            return new Event(message, apiKey, type, status, at, null, null, null, null);
        }

        public Event withData(String json) {
            return new Event(message, apiKey, type, status, at, attempt, outcome, smtpCode, smtpReply, json);
        }
    }

    private final Endpoints endpoints;
    private final WebhookWorker worker;

    public Events(Endpoints endpoints, WebhookWorker worker) {
        this.endpoints = endpoints;
        this.worker = worker;
    }

    /**
     * Whether an endpoint wants this event. Acceptance and synchronous records, the hot paths, store their event only
     * then; {@link History} shows it from the message row otherwise.
     */
    public boolean wanted(EventType type, String apiKey) {
        return !endpoints.subscribed(type, apiKey).isEmpty();
    }

    public void record(Connection c, Event e) throws SQLException {
        record(c, List.of(e));
    }

    public void record(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        boolean deliveries = false;
        try (PreparedStatement ev = c.prepareStatement("INSERT INTO message_event (id, message, api_key, type, status,"
                + " at, attempt, outcome, smtp_code, smtp_reply, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement del = c.prepareStatement("INSERT INTO webhook_delivery (event, endpoint, message,"
                        + " seq, status, attempts, next_attempt_at, created_at) SELECT id, ?, message, seq, 'pending',"
                        + " 0, ?, ? FROM message_event WHERE id = ?")) {
            String[] ids = new String[events.size()];
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                ids[i] = "evt_" + UUID.randomUUID().toString().replace("-", "");
                ev.setString(1, ids[i]);
                ev.setString(2, e.message());
                ev.setString(3, e.apiKey());
                ev.setString(4, e.type().wire());
                ev.setString(5, e.status());
                ev.setObject(6, Rows.ts(e.at()));
                ev.setObject(7, e.attempt());
                ev.setString(8, e.outcome());
                ev.setObject(9, e.smtpCode());
                ev.setString(10, e.smtpReply() == null || e.smtpReply().length() <= 2000 ? e.smtpReply()
                        : e.smtpReply().substring(0, 2000));
                ev.setString(11, e.data());
                ev.addBatch();
            }
            ev.executeBatch();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                for (Endpoints.Endpoint endpoint : endpoints.subscribed(e.type(), e.apiKey())) {
                    del.setString(1, endpoint.name());
                    del.setObject(2, Rows.ts(e.at()));
                    del.setObject(3, Rows.ts(e.at()));
                    del.setString(4, ids[i]);
                    del.addBatch();
                    deliveries = true;
                }
            }
            if (deliveries) {
                del.executeBatch();
            }
        }
        if (deliveries) {
            StoreWriter.afterCommit(worker::wake);
        }
    }
}
