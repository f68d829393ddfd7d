package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;

/**
 * What happened to a message's recipients apart from the message as a whole: only the exceptions are stored (bounced,
 * delayed, suppressed), so a plain sent message costs no row on the hot path. A recipient without a row shares its
 * message's status.
 */
@ApplicationScoped
public class RecipientResults {

    /** The statuses a recipient can have of its own. */
    public static final String BOUNCED = "bounced";
    public static final String DELAYED = "delayed";
    public static final String SUPPRESSED = "suppressed";

    /** One recipient's own result. {@code key} is the address as the suppression list compares it. */
    public record Result(String key, String address, String status, Instant at, String bounceType, String smtpStatus,
            String diagnostic) {
    }

    private final Store store;

    RecipientResults(Store store) {
        this.store = store;
    }

    /** The recipients' own results of these messages, by message id. Blocking. */
    public Map<String, List<Result>> of(Collection<String> messages) throws SQLException {
        Map<String, List<Result>> out = new HashMap<>();
        if (messages.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(messages.size(), "?"));
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT message, address_key,"
                + " address, status, at, bounce_type, smtp_status, diagnostic FROM recipient_result WHERE message IN ("
                + marks + ") ORDER BY at")) {
            int i = 1;
            for (String m : messages) {
                ps.setString(i++, m);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString("message"), k -> new ArrayList<>()).add(new Result(
                            rs.getString("address_key"), rs.getString("address"), rs.getString("status"),
                            Rows.instant(rs, "at"), rs.getString("bounce_type"), rs.getString("smtp_status"),
                            rs.getString("diagnostic")));
                }
            }
        }
        return out;
    }

    /** The recipient's result now, in the writer transaction {@code c}. */
    public static Optional<String> status(Connection c, String message, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM recipient_result WHERE message = ?"
                + " AND address_key = ?")) {
            ps.setString(1, message);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets the recipient's result (replacing an earlier one), in the writer transaction {@code c}. */
    public static void put(Connection c, String message, Result r) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM recipient_result WHERE message = ? AND"
                + " address_key = ?"); PreparedStatement ins = c.prepareStatement("INSERT INTO recipient_result"
                        + " (message, address_key, address, status, bounce_type, smtp_status, diagnostic, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            del.setString(1, message);
            del.setString(2, r.key());
            del.executeUpdate();
            ins.setString(1, message);
            ins.setString(2, r.key());
            ins.setString(3, MessageStore.truncate(r.address(), 320));
            ins.setString(4, r.status());
            ins.setString(5, r.bounceType());
            ins.setString(6, MessageStore.truncate(r.smtpStatus(), 16));
            ins.setString(7, MessageStore.truncate(r.diagnostic(), 1000));
            ins.setObject(8, Rows.ts(r.at()));
            ins.executeUpdate();
        }
    }

    /**
     * How many of the message's recipients will never get it: hard-bounced, or dropped as suppressed (it never went to
     * them). In the writer transaction {@code c}.
     */
    public static int lost(Connection c, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM recipient_result WHERE message = ?"
                + " AND (status = 'bounced' AND bounce_type = 'hard' OR status = 'suppressed')")) {
            ps.setString(1, message);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A sent message every recipient of which hard-bounced is bounced. */
    public static void markBounced(Connection c, String message, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = 'bounced', updated_at = ?"
                + " WHERE id = ? AND status = 'sent'")) {
            ps.setObject(1, Rows.ts(at));
            ps.setString(2, message);
            ps.executeUpdate();
        }
    }
}
