package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;

/** How many messages are due now: one indexed count, for readiness. */
@ApplicationScoped
public class Backlog {

    private final Store store;

    public Backlog(Store store) {
        this.store = store;
    }

    /** Blocking: call it from a worker thread. */
    public long due() throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM message"
                + store.useIndex("message_next_attempt") + " WHERE next_attempt_at >= ? AND next_attempt_at <= ?"
                + " AND status IN ('scheduled', 'queued', 'retrying')")) {
            ps.setObject(1, Rows.ts(Instant.EPOCH));
            ps.setObject(2, Rows.ts(Instant.now()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
