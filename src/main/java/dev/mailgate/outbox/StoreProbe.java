package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/** One cheap query that proves the store answers, for readiness: how many messages are due now. */
@ApplicationScoped
public class StoreProbe {

    private final Store store;

    public StoreProbe(Store store) {
        this.store = store;
    }

    /** Blocking: call it from a worker thread. */
    public long due() throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM message"
                + store.dueIndex() + " WHERE next_attempt_at >= ? AND next_attempt_at <= ?"
                + " AND status IN ('scheduled', 'queued', 'retrying')")) {
            ps.setObject(1, Store.ts(Instant.EPOCH));
            ps.setObject(2, Store.ts(Instant.now()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
