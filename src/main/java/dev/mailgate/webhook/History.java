package dev.mailgate.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mailgate.outbox.Store;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message's events, in order, and its webhook deliveries: what GET /api/v1/messages/{id} shows besides attempts. */
@ApplicationScoped
public class History {

    @Schema(name = "MessageEvent")
    @RegisterForReflection
    public record Event(@Schema(examples = "message.sent") String type, Instant at) {
    }

    @Schema(name = "WebhookDelivery")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String endpoint, String event, String status, int attempts, Instant lastAttemptAt,
            Integer lastStatus, String lastError, Instant nextAttemptAt) {
    }

    public record Of(List<Event> events, List<Delivery> webhooks) {
    }

    private final Store store;

    public History(Store store) {
        this.store = store;
    }

    /**
     * Blocking: run on a worker thread. The events an acceptance or a synchronous record did not store (no endpoint
     * wanted them: the hot paths skip the row) are shown from the message itself: queued at its creation, and a
     * synchronous send's outcome at its end.
     */
    public Of of(dev.mailgate.outbox.StoredMessage m) throws SQLException {
        Of stored = of(m.id());
        List<Event> events = new ArrayList<>(stored.events());
        boolean queuedFirst = !events.isEmpty() && events.getFirst().type().equals(EventType.QUEUED.wire());
        if ("async".equals(m.mode()) && !queuedFirst) {
            events.addFirst(new Event(EventType.QUEUED.wire(), m.createdAt()));
        }
        if ("sync".equals(m.mode()) && events.isEmpty() && m.status().finished()) {
            EventType type = switch (m.status()) {
                case SENT -> EventType.SENT;
                case UNCERTAIN -> EventType.UNCERTAIN;
                default -> EventType.FAILED;
            };
            events.add(new Event(type.wire(), m.finishedAt() != null ? m.finishedAt() : m.updatedAt()));
        }
        return new Of(events, stored.webhooks());
    }

    /** The stored events and deliveries of a message. Blocking. */
    public Of of(String message) throws SQLException {
        List<Event> events = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        try (Connection c = store.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT type, at FROM message_event WHERE message = ?"
                    + " ORDER BY seq")) {
                ps.setString(1, message);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Event(rs.getString(1), instant(rs, 2)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT d.endpoint, e.type, d.status, d.attempts,"
                    + " d.last_attempt_at, d.last_status, d.last_error, d.next_attempt_at FROM webhook_delivery d"
                    + " JOIN message_event e ON e.id = d.event WHERE d.message = ? ORDER BY d.seq, d.endpoint")) {
                ps.setString(1, message);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(3);
                        deliveries.add(new Delivery(rs.getString(1), rs.getString(2), status, rs.getInt(4),
                                instant(rs, 5), (Integer) rs.getObject(6, Integer.class), rs.getString(7),
                                "pending".equals(status) ? instant(rs, 8) : null));
                    }
                }
            }
        }
        return new Of(events, deliveries);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
