package dev.mailgate.bounce;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;

/**
 * How far each mailbox was read, in the store: per account and folder, its UIDVALIDITY and the last UID read; and per
 * account (the folder "*"), who reads it (a lease, so that one replica reads each mailbox) and how the last read went.
 * The last UID moves in the same transaction as a bounce's effects, so a crash neither repeats nor loses one.
 */
@ApplicationScoped
class BounceProgress {

    static final String ACCOUNT_ROW = "*";

    /** A folder's place: its UIDVALIDITY when last read (null: never read), and the last UID read. */
    record Place(Long uidValidity, long lastUid) {
    }

    /** How the last read of an account went. */
    record Health(Instant lastSuccess, String lastError) {
    }

    private final Store store;
    private final StoreWriter writer;

    BounceProgress(Store store, StoreWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Takes or keeps the account's lease until {@code until}; false if another reader holds it. */
    CompletionStage<Boolean> lease(String account, String owner, Instant until) {
        return writer.writeLazily(c -> {
            ensure(c, account, ACCOUNT_ROW);
            try (PreparedStatement ps = c.prepareStatement("UPDATE mailbox_progress SET lease_owner = ?, lease_until = "
                    + store.leaseUntil() + " WHERE account = ? AND folder = ? AND (lease_owner IS NULL OR lease_owner = ?"
                    // The embedded store is one process: it is the only reader. Replicas on PostgreSQL wait for the lease.
                + (store.exclusive() ? " OR 1 = 1" : " OR lease_until < clock_timestamp()") + ")")) {
                int i = 1;
                ps.setString(i++, owner);
                store.bindLeaseUntil(ps, i++, until);
                ps.setString(i++, account);
                ps.setString(i++, ACCOUNT_ROW);
                ps.setString(i, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Where a folder was left. Blocking. */
    Place place(String account, String folder) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT uid_validity,"
                + " last_uid FROM mailbox_progress WHERE account = ? AND folder = ?")) {
            ps.setString(1, account);
            ps.setString(2, folder);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Place(null, 0);
                }
                long v = rs.getLong(1);
                return new Place(rs.wasNull() ? null : v, rs.getLong(2));
            }
        }
    }

    /**
     * Locks the folder's row and says whether message {@code uid} (of that UIDVALIDITY) is still to be read: false when
     * a reader got past it already (a replica whose lease ran out while it read). In the writer transaction.
     */
    boolean unread(Connection c, String account, String folder, long uidValidity, long uid) throws SQLException {
        ensure(c, account, folder);
        try (PreparedStatement ps = c.prepareStatement("SELECT uid_validity, last_uid FROM mailbox_progress"
                + " WHERE account = ? AND folder = ? FOR UPDATE")) {
            ps.setString(1, account);
            ps.setString(2, folder);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                boolean same = !rs.wasNull() && v == uidValidity;
                return !same || rs.getLong(2) < uid;
            }
        }
    }

    /** The folder was read up to {@code uid} (of that UIDVALIDITY): in the writer transaction of what it changed. */
    void advance(Connection c, String account, String folder, long uidValidity, long uid) throws SQLException {
        ensure(c, account, folder);
        // Never backwards within one UIDVALIDITY; a new one starts over.
        try (PreparedStatement ps = c.prepareStatement("UPDATE mailbox_progress SET last_uid = CASE WHEN"
                + " uid_validity = ? THEN GREATEST(last_uid, ?) ELSE ? END, uid_validity = ?"
                + " WHERE account = ? AND folder = ?")) {
            ps.setLong(1, uidValidity);
            ps.setLong(2, uid);
            ps.setLong(3, uid);
            ps.setLong(4, uidValidity);
            ps.setString(5, account);
            ps.setString(6, folder);
            ps.executeUpdate();
        }
    }

    /** How the account's last read went; {@code error} null for a success. */
    CompletionStage<Void> result(String account, String error) {
        return writer.writeLazily(c -> {
            ensure(c, account, ACCOUNT_ROW);
            try (PreparedStatement ps = c.prepareStatement(error == null
                    ? "UPDATE mailbox_progress SET last_success_at = ?, last_error = NULL WHERE account = ? AND folder = ?"
                    : "UPDATE mailbox_progress SET last_error = ? WHERE account = ? AND folder = ?")) {
                if (error == null) {
                    ps.setObject(1, Rows.ts(Instant.now()));
                } else {
                    ps.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
                }
                ps.setString(2, account);
                ps.setString(3, ACCOUNT_ROW);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** How the account's last read went, from any replica. Blocking. */
    Optional<Health> health(String account) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT last_success_at,"
                + " last_error FROM mailbox_progress WHERE account = ? AND folder = ?")) {
            ps.setString(1, account);
            ps.setString(2, ACCOUNT_ROW);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Health(Rows.instant(rs, 1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private void ensure(Connection c, String account, String folder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(store.postgresql()
                ? "INSERT INTO mailbox_progress (account, folder) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "INSERT INTO mailbox_progress (account, folder) SELECT ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM mailbox_progress WHERE account = ? AND folder = ?)")) {
            ps.setString(1, account);
            ps.setString(2, folder);
            if (!store.postgresql()) {
                ps.setString(3, account);
                ps.setString(4, folder);
            }
            ps.executeUpdate();
        }
    }
}
