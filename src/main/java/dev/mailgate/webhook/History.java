package dev.mailgate.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;

/** A message's events, in order, and its webhook deliveries: what GET /api/v1/messages/{id} shows besides attempts. */
@ApplicationScoped
public class History {

    @Schema(name = "MessageEvent")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(@Schema(examples = "message.sent") String type, Instant at,
            @Schema(description = "What else the event carries: message.suppressed lists the dropped recipients.")
            Map<String, Object> data) {

        public Event(String type, Instant at) {
            this(type, at, null);
        }
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
    private final ObjectMapper json;

    public History(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The stored events and deliveries of a message. Blocking. */
    public Of of(String message) throws SQLException {
        List<Event> events = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        try (Connection c = store.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT type, at, data FROM message_event WHERE message = ?"
                    + " ORDER BY seq")) {
                ps.setString(1, message);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new Event(rs.getString(1), Rows.instant(rs, 2), data(rs.getString(3))));
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
                                Rows.instant(rs, 5), (Integer) rs.getObject(6, Integer.class), rs.getString(7),
                                "pending".equals(status) ? Rows.instant(rs, 8) : null));
                    }
                }
            }
        }
        return new Of(events, deliveries);
    }

    private Map<String, Object> data(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            return null; // history shows what it can
        }
    }
}
