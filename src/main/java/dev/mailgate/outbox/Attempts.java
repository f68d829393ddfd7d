package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import dev.mailgate.store.Rows;

/** The attempt log of a message: one row per SMTP attempt, in order. */
final class Attempts {

    private Attempts() {
    }

    /**
     * Appends an attempt. Its number is the message's next: only the holder of the message's claim writes its
     * attempts, so two never race for one number, and failover steps (which are not all SMTP attempts) fit in.
     */
    static void insert(Connection c, String id, StoredMessage.Attempt a) throws SQLException {
        int seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM attempt WHERE message_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attempt (message_id, seq, at, outcome, smtp_code,"
                + " smtp_reply, duration_ms, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setInt(2, seq);
            ps.setObject(3, Rows.ts(a.at()));
            ps.setString(4, a.outcome());
            ps.setObject(5, a.smtpCode());
            ps.setString(6, MessageStore.truncate(a.smtpReply(), 2000));
            ps.setLong(7, a.durationMs());
            ps.setString(8, a.account());
            ps.executeUpdate();
        }
    }

    /**
     * A message's attempts: the logged ones, then its last one read from its own row when that is not in the log (a
     * sent message's, and a synchronous send's, whose record holds its outcome after all of its attempts).
     */
    static List<StoredMessage.Attempt> of(Connection c, StoredMessage m, Long lastMs) throws SQLException {
        boolean sync = "sync".equals(m.mode());
        List<StoredMessage.Attempt> all = sync ? new ArrayList<>() : of(c, m.id());
        if (sync || m.status().accepted()) {
            all.addAll(ofRow(m, lastMs == null ? 0 : lastMs));
        }
        return all;
    }

    /** The last attempt as the row tells it, {@code ms} long. */
    static List<StoredMessage.Attempt> ofRow(StoredMessage m, long ms) {
        if (m.finishedAt() == null || m.attemptCount() == 0) {
            return List.of();
        }
        if (m.status().accepted()) {
            return List.of(new StoredMessage.Attempt(m.finishedAt(), "sent", 250, null, ms, m.account()));
        }
        StoredMessage.LastError e = m.error();
        return List.of(new StoredMessage.Attempt(m.finishedAt(), e == null ? m.status().wire() : e.outcome(),
                e == null ? null : e.smtpCode(), e == null ? null : e.smtpReply(), ms, m.account()));
    }

    private static List<StoredMessage.Attempt> of(Connection c, String id) throws SQLException {
        List<StoredMessage.Attempt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, outcome, smtp_code, smtp_reply, duration_ms,"
                + " account FROM attempt WHERE message_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredMessage.Attempt(Rows.instant(rs, "at"), rs.getString("outcome"),
                            rs.getObject("smtp_code", Integer.class), rs.getString("smtp_reply"), rs.getLong("duration_ms"),
                            rs.getString("account")));
                }
            }
        }
        return out;
    }
}
