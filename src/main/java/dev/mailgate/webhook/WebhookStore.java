package dev.mailgate.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.store.Rows;

/**
 * Webhook deliveries in the store: claimed with a lease and a fencing token like messages (SKIP LOCKED on
 * PostgreSQL, so replicas share them), one message's events in order per endpoint (a delivery waits while an earlier
 * one of the same message and endpoint is pending), and each result written fenced by the claim's token.
 */
@ApplicationScoped
class WebhookStore {

    /** A claimed delivery, and what its payload is made of. */
    record Claimed(String event, String endpoint, long token, int attempts, String type, String status, Instant at,
            Integer attempt, String outcome, Integer smtpCode, String smtpReply, String message, String messageId,
            String recipients, String traceparent, String data) {
    }

    /** Where a delivery goes next: delivered, pending again at {@code next}, or failed; and what the attempt got. */
    record Result(String status, Instant next, Integer httpStatus, String error) {
    }

    private final StoreWriter writer;
    private final Store store;

    WebhookStore(StoreWriter writer, Store store) {
        this.writer = writer;
        this.store = store;
    }

    /** Up to n due deliveries, each the earliest pending one of its message and endpoint, leased until then. */
    CompletionStage<List<Claimed>> claim(int n, String owner, Instant now, Instant leaseUntil, Set<String> disabled) {
        return writer.writeLazily(c -> {
            List<String[]> keys = new ArrayList<>();
            String skip = disabled.isEmpty() ? "" : " AND d.endpoint NOT IN (" + String.join(", ",
                    disabled.stream().map(x -> "?").toList()) + ")";
            try (PreparedStatement ps = c.prepareStatement("SELECT d.event, d.endpoint FROM webhook_delivery d"
                    + " WHERE d.next_attempt_at <= ? AND d.status = 'pending'"
                    // The embedded store has one process: a lease that is not its own is a dead process's.
                    // Leases by the database's clock on PostgreSQL, as for messages: replicas' clocks may differ.
                    + " AND (d.lease_until IS NULL OR d.lease_until < " + store.leaseNow()
                    + (store.exclusive() ? " OR d.lease_owner <> ?" : "")
                    + ")" + skip
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.message = d.message"
                    + " AND p.endpoint = d.endpoint AND p.status = 'pending' AND p.seq < d.seq)"
                    + " ORDER BY d.next_attempt_at LIMIT ?" + (store.postgresql() ? " FOR UPDATE SKIP LOCKED" : ""))) {
                int i = 1;
                ps.setObject(i++, Rows.ts(now));
                if (!store.postgresql()) {
                    ps.setObject(i++, Rows.ts(now));
                }
                if (store.exclusive()) {
                    ps.setString(i++, owner);
                }
                for (String d : disabled) {
                    ps.setString(i++, d);
                }
                ps.setInt(i, n);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new String[] { rs.getString(1), rs.getString(2) });
                    }
                }
            }
            List<Claimed> claimed = new ArrayList<>();
            for (String[] k : keys) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET lease_owner = ?,"
                        + " lease_until = " + store.leaseUntil() + ", lease_token = lease_token + 1"
                        + " WHERE event = ? AND endpoint = ?")) {
                    ps.setString(1, owner);
                    store.bindLeaseUntil(ps, 2, leaseUntil);
                    ps.setString(3, k[0]);
                    ps.setString(4, k[1]);
                    ps.executeUpdate();
                }
                claimed.add(read(c, k[0], k[1]));
            }
            return claimed;
        });
    }

    private static Claimed read(Connection c, String event, String endpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT d.lease_token, d.attempts, e.type, e.status, e.at,"
                + " e.attempt, e.outcome, e.smtp_code, e.smtp_reply, e.message, m.message_id, m.recipients,"
                + " m.traceparent, e.data"
                + " FROM webhook_delivery d JOIN message_event e ON e.id = d.event LEFT JOIN message m ON m.id = e.message"
                + " WHERE d.event = ? AND d.endpoint = ?")) {
            ps.setString(1, event);
            ps.setString(2, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.time.OffsetDateTime at = rs.getObject("at", java.time.OffsetDateTime.class);
                return new Claimed(event, endpoint, rs.getLong(1), rs.getInt(2), rs.getString("type"),
                        rs.getString("status"), at.toInstant(), (Integer) rs.getObject("attempt", Integer.class),
                        rs.getString("outcome"), (Integer) rs.getObject("smtp_code", Integer.class),
                        rs.getString("smtp_reply"), rs.getString("message"), rs.getString("message_id"),
                        rs.getString("recipients"), rs.getString("traceparent"), rs.getString("data"));
            }
        }
    }

    /** Records an attempt's result; false if the claim was taken back meanwhile. */
    CompletionStage<Boolean> finish(Claimed d, Result r) {
        Instant now = Instant.now();
        return writer.writeLazily(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET status = ?,"
                    + " attempts = attempts + 1, next_attempt_at = ?, last_attempt_at = ?, last_status = ?,"
                    + " last_error = ?, lease_owner = NULL, lease_until = NULL"
                    + " WHERE event = ? AND endpoint = ? AND lease_token = ?")) {
                ps.setString(1, r.status());
                ps.setObject(2, Rows.ts(r.next()));
                ps.setObject(3, Rows.ts(now));
                ps.setObject(4, r.httpStatus());
                ps.setString(5, r.error() == null || r.error().length() <= 2000 ? r.error() : r.error().substring(0, 2000));
                ps.setString(6, d.event());
                ps.setString(7, d.endpoint());
                ps.setLong(8, d.token());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deliveries still to be made (metrics). */
    long pending() throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
