package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.delivery.SharedLimits;
import dev.mailgate.store.Store;

/**
 * The shared limits on PostgreSQL. Each is one short transaction of its own, never held across SMTP I/O, and uses
 * the database's clock, so that replicas whose clocks differ still agree on the window. The quota is one row per
 * account and day, changed by a conditional increment: two replicas racing for the last message cannot both get it.
 * The rate limit is a rolling window of send slots, serialised per account by a lock on the account's row.
 */
@ApplicationScoped
public class SharedLimitStore implements SharedLimits {

    private final Store store;

    public SharedLimitStore(Store store) {
        this.store = store;
    }

    @Override
    public boolean shared() {
        return store.postgresql();
    }

    @Override
    public boolean reserveQuota(String account, LocalDate day, int limit) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(true);
            // One statement: the row is created with this message, or incremented while below the limit. Under
            // READ COMMITTED the conflicting update re-checks "used < limit" on the latest row, so it is exact.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO quota_usage (account, day, used)"
                    + " SELECT ?, ?, 1 WHERE ? > 0 ON CONFLICT (account, day) DO UPDATE SET used = quota_usage.used + 1"
                    + " WHERE quota_usage.used < ?")) {
                ps.setString(1, account);
                ps.setObject(2, day);
                ps.setInt(3, limit);
                ps.setInt(4, limit);
                return ps.executeUpdate() == 1;
            }
        }
    }

    @Override
    public void releaseQuota(String account, LocalDate day) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE quota_usage SET used = used - 1 WHERE account = ? AND day = ? AND used > 0")) {
            c.setAutoCommit(true);
            ps.setString(1, account);
            ps.setObject(2, day);
            ps.executeUpdate();
        }
    }

    @Override
    public int usedQuota(String account, LocalDate day) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT used FROM quota_usage WHERE account = ? AND day = ?")) {
            ps.setString(1, account);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public long takeSlot(String account, int perWindow, Duration window) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                long wait = takeSlot(c, account, perWindow, window.toMillis());
                c.commit();
                return wait;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Under the account's lock: if the window already holds perWindow slots, the wait until its oldest counted one
     * leaves it; otherwise a new slot. Slots that left the window are deleted as it moves. Times are the database's.
     */
    private static long takeSlot(Connection c, String account, int perWindow, long windowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rate_account (account) VALUES (?)"
                + " ON CONFLICT (account) DO NOTHING")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT account FROM rate_account WHERE account = ? FOR UPDATE")) {
            ps.setString(1, account);
            ps.executeQuery().close();
        }
        String window = " clock_timestamp() - make_interval(secs => ? / 1000.0)";
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rate_slot WHERE account = ? AND taken <=" + window)) {
            ps.setString(1, account);
            ps.setLong(2, windowMs);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT (EXTRACT(EPOCH FROM (taken + make_interval(secs => ?"
                + " / 1000.0) - clock_timestamp())) * 1000)::bigint FROM rate_slot WHERE account = ?"
                + " ORDER BY taken DESC OFFSET ? LIMIT 1")) {
            ps.setLong(1, windowMs);
            ps.setString(2, account);
            ps.setInt(3, perWindow - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Math.max(1, rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rate_slot (account, taken) VALUES (?, clock_timestamp())")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
        return 0;
    }
}
