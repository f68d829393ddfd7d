package dev.mailgate.suppression;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Cursor;
import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;

/**
 * The list's rows. Reads open their own connection (blocking: worker threads only); writes take the writer's
 * connection, inside its transaction. A removal leaves a tombstone ({@code deleted_at}) for a day, so that replicas
 * refreshing their copy from {@link #changedSince} see it.
 */
@ApplicationScoped
class SuppressionStore {

    private static final String COLUMNS = "address_key, address, reason, note, message, diagnostic, created_at,"
            + " updated_at, expires_at, created_by, deleted_at";

    /** A row as a refresh sees it: an entry, or (entry null) a tombstone for its key; when it changed. */
    record Change(String key, Suppression entry, Instant updatedAt) {
    }

    private final Store store;

    SuppressionStore(Store store) {
        this.store = store;
    }

    /** The entry for a key, tombstones included (as an empty entry), in the writer's transaction. */
    Optional<Suppression> current(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM suppression WHERE address_key = ?"
                + " AND deleted_at IS NULL")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts or replaces the entry, a tombstone of the key too, in one statement: two replicas adding the same new
     * address at once both succeed, the later one's entry standing.
     */
    void upsert(Connection c, Suppression s) throws SQLException {
        String sql = store.postgresql()
                ? "INSERT INTO suppression (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
                        + " ON CONFLICT (address_key) DO UPDATE SET address = EXCLUDED.address, reason = EXCLUDED.reason,"
                        + " note = EXCLUDED.note, message = EXCLUDED.message, diagnostic = EXCLUDED.diagnostic,"
                        + " created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,"
                        + " expires_at = EXCLUDED.expires_at, created_by = EXCLUDED.created_by, deleted_at = NULL"
                : "MERGE INTO suppression (" + COLUMNS + ") KEY (address_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, s);
            ps.executeUpdate();
        }
    }

    /**
     * On PostgreSQL, the change's time by the database's clock, which is what replicas refresh by; elsewhere
     * {@code local}. Written in the change's transaction.
     */
    Instant stamp(Connection c, String key, Instant local) throws SQLException {
        if (!store.postgresql()) {
            return local;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE suppression SET updated_at = clock_timestamp()"
                + " WHERE address_key = ? RETURNING updated_at")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Rows.instant(rs, 1) : local;
            }
        }
    }

    /** Leaves a tombstone; false if there was no entry. */
    boolean remove(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE suppression SET deleted_at = ?, updated_at = ?"
                + " WHERE address_key = ? AND deleted_at IS NULL")) {
            ps.setObject(1, Rows.ts(now));
            ps.setObject(2, Rows.ts(now));
            ps.setString(3, key);
            return ps.executeUpdate() == 1;
        }
    }

    /** The entries standing now for these keys: one indexed query, for the hot path before the list is loaded. */
    List<Suppression> find(Collection<String> keys, Instant now) throws SQLException {
        List<Suppression> found = new ArrayList<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM suppression WHERE deleted_at IS NULL AND address_key IN ("
                + String.join(", ", keys.stream().map(k -> "?").toList()) + ")")) {
            int i = 1;
            for (String k : keys) {
                ps.setString(i++, k);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Suppression s = entry(rs);
                    if (s.active(now)) {
                        found.add(s);
                    }
                }
            }
        }
        return found;
    }

    /** Newest first; {@code prefix} matches the start of the address (as compared); at most {@code limit}. */
    Suppressions.Page page(Optional<Reason> reason, Optional<String> prefix, int limit, Optional<Cursor> cursor, Instant now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM suppression WHERE deleted_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)");
        reason.ifPresent(r -> sql.append(" AND reason = ?"));
        prefix.ifPresent(p -> sql.append(" AND address_key LIKE ? ESCAPE '!'"));
        cursor.ifPresent(x -> sql.append(" AND (created_at < ? OR (created_at = ? AND address_key < ?))"));
        sql.append(" ORDER BY created_at DESC, address_key DESC LIMIT ?");
        List<Suppression> rows = new ArrayList<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setObject(i++, Rows.ts(now));
            if (reason.isPresent()) {
                ps.setString(i++, reason.get().wire());
            }
            if (prefix.isPresent()) {
                ps.setString(i++, prefix.get().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            if (cursor.isPresent()) {
                ps.setObject(i++, Rows.ts(cursor.get().createdAt()));
                ps.setObject(i++, Rows.ts(cursor.get().createdAt()));
                ps.setString(i++, cursor.get().id());
            }
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(entry(rs));
                }
            }
        }
        if (rows.size() <= limit) {
            return new Suppressions.Page(rows, null);
        }
        Suppression last = rows.get(limit - 1);
        return new Suppressions.Page(rows.subList(0, limit), new Cursor(last.createdAt(), last.key()).encode());
    }

    /** Every standing entry, for the in-memory copy. Blocking. */
    void all(Consumer<Suppression> each) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM suppression WHERE deleted_at IS NULL")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(entry(rs));
                }
            }
        }
    }

    /** The database's clock now (PostgreSQL; the refresh's starting point). */
    Instant now() throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Rows.instant(rs, 1);
        }
    }

    /**
     * Entries and tombstones changed after {@code watermark}, by the database's clock (PostgreSQL). While the
     * watermark is recent, the last {@code overlapSeconds} are read again: a transaction that stamped its change
     * just before the last read and committed just after it is not missed. Once nothing has changed for that long,
     * a poll reads nothing, however large the last import was.
     */
    List<Change> changedSince(Instant watermark, int overlapSeconds) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM suppression WHERE updated_at > LEAST(?, clock_timestamp() - make_interval(secs => ?))")) {
            ps.setObject(1, Rows.ts(watermark));
            ps.setInt(2, overlapSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new Change(rs.getString("address_key"),
                            rs.getObject("deleted_at") == null ? entry(rs) : null, Rows.instant(rs, "updated_at")));
                }
            }
        }
        return changes;
    }

    /** Standing entries by reason, for the gauge. */
    Map<Reason, Long> counts(Instant now) throws SQLException {
        Map<Reason, Long> counts = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            counts.put(r, 0L);
        }
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT reason, COUNT(*)"
                + " FROM suppression WHERE deleted_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
                + " GROUP BY reason")) {
            ps.setObject(1, Rows.ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Reason.fromWire(rs.getString(1)).ifPresent(r -> {
                        try {
                            counts.put(r, rs.getLong(2));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        }
        return counts;
    }

    /**
     * Tombstones and expired entries older than {@code before}, and the list's events (and their finished webhook
     * deliveries) older than {@code eventsBefore}: nobody needs them any more. Message events go with their messages.
     */
    int purge(Connection c, Instant before, Instant eventsBefore) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM suppression WHERE deleted_at < ?"
                + " OR expires_at < ?")) {
            ps.setObject(1, Rows.ts(before));
            ps.setObject(2, Rows.ts(before));
            n = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_delivery WHERE message LIKE 'sup-%'"
                + " AND status <> 'pending' AND created_at < ?")) {
            ps.setObject(1, Rows.ts(eventsBefore));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM message_event e WHERE e.message LIKE 'sup-%'"
                + " AND e.at < ? AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event = e.id)")) {
            ps.setObject(1, Rows.ts(eventsBefore));
            n += ps.executeUpdate();
        }
        return n;
    }

    private static void bind(PreparedStatement ps, Suppression s) throws SQLException {
        ps.setString(1, s.key());
        ps.setString(2, s.address());
        ps.setString(3, s.reason().wire());
        ps.setString(4, s.note());
        ps.setString(5, s.message());
        ps.setString(6, s.diagnostic());
        ps.setObject(7, Rows.ts(s.createdAt()));
        ps.setObject(8, Rows.ts(s.updatedAt()));
        ps.setObject(9, Rows.ts(s.expiresAt()));
        ps.setString(10, s.createdBy());
    }

    private static Suppression entry(ResultSet rs) throws SQLException {
        return new Suppression(rs.getString("address_key"), rs.getString("address"),
                Reason.fromWire(rs.getString("reason")).orElse(Reason.MANUAL), rs.getString("note"),
                rs.getString("message"), rs.getString("diagnostic"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), Rows.instant(rs, "expires_at"), rs.getString("created_by"));
    }
}
