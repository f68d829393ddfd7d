package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.mailgate.outbox.QueueStore.Claimed;
import dev.mailgate.store.Store;
import dev.mailgate.store.Rows;

/** How each engine claims due messages: the one place where the two stores' queue SQL differs. */
final class Claims {

    private static final String PENDING = "('scheduled', 'queued', 'retrying')";
    private static final String CLAIMED = "id, lease_token, message_id, api_key, draft, created_at, send_at,"
            + " expires_at, attempts, traceparent";

    private Claims() {
    }

    /**
     * Replicas on PostgreSQL: one statement. The CTE locks up to n due rows that no other replica holds (SKIP LOCKED:
     * a row another claim has locked is passed over, not waited for), and the UPDATE leases exactly those. Feeding
     * the UPDATE from {@code id IN (subquery)} instead would let the planner lock more rows than the LIMIT (PostgreSQL
     * bug #15715). The token is incremented in place, so every claim fences out the one before it.
     */
    static List<Claimed> skipLocked(Connection c, int n, String owner, Instant leaseUntil, Instant now)
            throws SQLException {
        String sql = "WITH due AS (SELECT id, status FROM message WHERE next_attempt_at >= ? AND next_attempt_at <= ?"
                + " AND status IN " + PENDING + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE message m SET status = 'sending', lease_owner = ?,"
                // The database's clock: replicas agree on when the lease runs out (Store.leaseUntil).
                + " lease_until = clock_timestamp() + make_interval(secs => ?),"
                + " lease_token = m.lease_token + 1, updated_at = ? FROM due WHERE m.id = due.id"
                + " RETURNING m.id, m.lease_token, m.message_id, m.api_key, m.draft, m.created_at, m.send_at,"
                + " m.expires_at, m.attempts, due.status, m.next_attempt_at, m.traceparent";
        List<Claimed> claimed = new ArrayList<>();
        List<Instant> due = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rows.ts(Instant.EPOCH));
            ps.setObject(2, Rows.ts(now));
            ps.setInt(3, n);
            ps.setString(4, owner);
            ps.setDouble(5, Math.max(0, java.time.Duration.between(now, leaseUntil).toMillis() / 1000.0));
            ps.setObject(6, Rows.ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(read(rs, rs.getLong("lease_token")));
                    due.add(Rows.instant(rs, "next_attempt_at"));
                }
            }
        }
        // RETURNING keeps no order: oldest due first, as on the embedded store.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(due::get));
        return order.stream().map(claimed::get).toList();
    }

    /**
     * The embedded store: this process is the only claimer, and the writer thread runs claims one at a time, so a
     * plain select is enough. H2's FOR UPDATE would lock every due row before the LIMIT, which under a backlog costs
     * seconds per claim.
     */
    static List<Claimed> embedded(Connection c, int n, String owner, Instant leaseUntil, Instant now, String hint)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        // Ids first, walking the due-time index in order: a backlog costs n index entries, not a sort of every due row
        // with its content. The lower bound starts the walk after the finished messages, whose due time is NULL and
        // which the index keeps first.
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM message" + hint + " WHERE next_attempt_at >= ?"
                + " AND next_attempt_at <= ? AND status IN " + PENDING + " ORDER BY next_attempt_at LIMIT ?")) {
            ps.setObject(1, Rows.ts(Instant.EPOCH));
            ps.setObject(2, Rows.ts(now));
            ps.setInt(3, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        List<Claimed> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CLAIMED + ", status FROM message WHERE id = ?")) {
            for (String id : ids) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        claimed.add(read(rs, rs.getLong("lease_token") + 1));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = 'sending', lease_owner = ?,"
                + " lease_until = ?, lease_token = ?, updated_at = ? WHERE id = ?")) {
            for (Claimed m : claimed) {
                ps.setString(1, owner);
                ps.setObject(2, Rows.ts(leaseUntil));
                ps.setLong(3, m.token());
                ps.setObject(4, Rows.ts(now));
                ps.setString(5, m.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return claimed;
    }

    private static Claimed read(ResultSet rs, long token) throws SQLException {
        return new Claimed(rs.getString("id"), token, rs.getString("message_id"), rs.getString("api_key"),
                rs.getString("draft"), Rows.instant(rs, "created_at"), Rows.instant(rs, "send_at"),
                Rows.instant(rs, "expires_at"), rs.getInt("attempts"),
                Status.fromWire(rs.getString("status")).orElseThrow(), rs.getString("traceparent"));
    }
}
