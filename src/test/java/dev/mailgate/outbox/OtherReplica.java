package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.mailgate.support.Postgres;
import dev.mailgate.support.PostgresResource;

/**
 * What another replica does to the shared PostgreSQL store, done from the test's own connection: queue a message
 * (a copy of one this application stored, with a new id and Message-ID), with or without the NOTIFY a replica sends.
 */
final class OtherReplica {

    private OtherReplica() {
    }

    static Connection connect() throws SQLException {
        return Postgres.connect(PostgresResource.database());
    }

    /** Queues a copy of message {@code id}, due now; returns the copy's Message-ID. */
    static String queueCopyOf(String id, boolean notify) throws SQLException {
        String copy = "copy" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String messageId = "<" + copy + "@mailgate.test>";
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, message_id, api_key, mode, status,"
                    + " sender, recipients, subject, draft, size_bytes, created_at, updated_at, next_attempt_at,"
                    + " expires_at) SELECT ?, ?, api_key, mode, 'queued', sender, recipients, subject, draft, size_bytes,"
                    + " now(), now(), now(), now() + interval '1 day' FROM message WHERE id = ?")) {
                ps.setString(1, copy);
                ps.setString(2, messageId);
                ps.setString(3, id);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("no message " + id + " to copy");
                }
            }
            if (notify) {
                try (Statement s = c.createStatement()) {
                    s.execute("NOTIFY " + QueueListener.CHANNEL);
                }
            }
        }
        return messageId;
    }

    /** The process ids of this database's queue listeners. */
    static java.util.List<Integer> listeners() throws SQLException {
        java.util.List<Integer> pids = new java.util.ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = ? AND datname = current_database()")) {
            ps.setString(1, QueueListener.APPLICATION_NAME);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
        }
        return pids;
    }

    /** What a network cut or a database restart does to the listener's connection. */
    static void killListeners() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + QueueListener.APPLICATION_NAME + "' AND datname = current_database()");
        }
    }
}
