package dev.mailgate.template.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.store.Rows;
import dev.mailgate.store.Store;

/**
 * The rows of stored templates. Reads open their own connection (blocking: worker threads only); writes run in the
 * writer's transaction. The name's row is created first if missing and then locked, so that two replicas changing
 * one template at once take turns and number their versions one after the other.
 */
@ApplicationScoped
class TemplateStore {

    /** A name's row: its latest version, and when it was removed (null while it is live). */
    record Head(String name, int version, Instant updatedAt, Instant deletedAt) {
    }

    /** One version as stored. */
    record Version(String name, int version, String body, Instant createdAt, String createdBy) {
    }

    private final Store store;

    TemplateStore(Store store) {
        this.store = store;
    }

    /** Creates the name's row if it has none (version 0, removed), then locks and returns it. */
    Head lock(Connection c, String name, Instant now) throws SQLException {
        String insert = store.postgresql()
                ? "INSERT INTO user_template (name, version, updated_at, deleted_at) VALUES (?, 0, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING"
                : "INSERT INTO user_template (name, version, updated_at, deleted_at) SELECT ?, 0, ?, ? FROM DUAL"
                        + " WHERE NOT EXISTS (SELECT 1 FROM user_template WHERE name = ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, name);
            ps.setObject(2, Rows.ts(now));
            ps.setObject(3, Rows.ts(now));
            if (!store.postgresql()) {
                ps.setString(4, name);
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name, version, updated_at, deleted_at FROM user_template"
                + " WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return head(rs);
            }
        }
    }

    void write(Connection c, Version v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_template_version (name, version, body,"
                + " created_at, created_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, v.name());
            ps.setInt(2, v.version());
            ps.setString(3, v.body());
            ps.setObject(4, Rows.ts(v.createdAt()));
            ps.setString(5, v.createdBy());
            ps.executeUpdate();
        }
        update(c, v.name(), v.version(), v.createdAt(), null);
    }

    void remove(Connection c, String name, int version, Instant now) throws SQLException {
        update(c, name, version, now, now);
    }

    private void update(Connection c, String name, int version, Instant at, Instant deleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE user_template SET version = ?, updated_at = ?,"
                + " deleted_at = ? WHERE name = ?")) {
            ps.setInt(1, version);
            ps.setObject(2, Rows.ts(at));
            if (deleted == null) {
                ps.setNull(3, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(3, Rows.ts(deleted));
            }
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    /** Every name's row, removed ones included: small, and what a refresh compares with what it serves. */
    List<Head> heads() throws SQLException {
        List<Head> heads = new ArrayList<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT name, version,"
                + " updated_at, deleted_at FROM user_template WHERE version > 0")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(head(rs));
                }
            }
        }
        return heads;
    }

    Optional<Version> version(String name, int version) throws SQLException {
        try (Connection c = store.connection()) {
            return version(c, name, version);
        }
    }

    Optional<Version> version(Connection c, String name, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, version, body, created_at, created_by"
                + " FROM user_template_version WHERE name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Version(rs.getString(1), rs.getInt(2), rs.getString(3),
                        Rows.instant(rs, 4), rs.getString(5))) : Optional.empty();
            }
        }
    }

    /** The versions of a name, newest first, without their bodies. */
    List<Version> versions(String name) throws SQLException {
        List<Version> versions = new ArrayList<>();
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("SELECT name, version,"
                + " created_at, created_by FROM user_template_version WHERE name = ? ORDER BY version DESC")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new Version(rs.getString(1), rs.getInt(2), null, Rows.instant(rs, 3),
                            rs.getString(4)));
                }
            }
        }
        return versions;
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getString(1), rs.getInt(2), Rows.instant(rs, 3), Rows.instant(rs, 4));
    }
}
