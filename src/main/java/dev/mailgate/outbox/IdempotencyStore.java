package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import dev.mailgate.store.Store;
import dev.mailgate.store.Rows;

/**
 * Idempotency keys in the store. A key is claimed inside the writer transaction that stores its request's message
 * (or messages), so a key and its message are on the disk together or not at all. Where two requests race for one
 * key, the primary key decides: on PostgreSQL the loser's insert waits for the winner's transaction and then does
 * nothing; on the embedded store the single writer runs them one after the other. The loser is told the winner's row.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** A key value within its scope (the API key's name, or "" where API keys are off). */
    public record Key(String scope, String value) {
    }

    /** A response to replay: status code, the headers that matter (as JSON), and the body. */
    public record Response(int status, String headers, String body) {
    }

    /**
     * A key's row: the fingerprint of its first request, that request's message (the first, for a batch), and its
     * response once known (null while the request is in flight, or if its process died first).
     */
    public record Entry(String fingerprint, String message, Response response) {
    }

    /** A key to claim for a request with this fingerprint and message; {@code response} if already known (202). */
    public record Claim(Key key, String fingerprint, String message, Response response, Instant now, Instant expiresAt) {
    }

    private final Store store;

    public IdempotencyStore(Store store) {
        this.store = store;
    }

    /** The key's live row, if any. Blocking: run on a worker thread. */
    public Optional<Entry> find(Key key) throws SQLException {
        try (Connection c = store.connection()) {
            return find(c, key, Instant.now());
        }
    }

    /**
     * Inside a writer transaction: claims the key, or returns the row that holds it. An expired row is replaced. On
     * PostgreSQL, the insert of a key another transaction has just inserted waits for that transaction, and then
     * finds its row.
     */
    Optional<Entry> claim(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ?"
                + " AND expires_at <= ?")) {
            bindKey(ps, claim.key());
            ps.setObject(3, Rows.ts(claim.now()));
            ps.executeUpdate();
        }
        Optional<Entry> held = find(c, claim.key(), claim.now());
        if (held.isPresent()) {
            return held;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_key (scope, idem_key, fingerprint,"
                + " message, status_code, response_headers, response_body, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" + store.ignoreDuplicate())) {
            Response r = claim.response();
            bindKey(ps, claim.key());
            ps.setString(3, claim.fingerprint());
            ps.setString(4, claim.message());
            ps.setObject(5, r == null ? null : r.status());
            ps.setString(6, r == null ? null : r.headers());
            ps.setString(7, r == null ? null : r.body());
            ps.setObject(8, Rows.ts(claim.now()));
            ps.setObject(9, Rows.ts(claim.expiresAt()));
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        // Another replica's transaction inserted it first and has committed since: its row is visible now.
        return Optional.of(find(c, claim.key(), claim.now()).orElseThrow(() -> new SQLException(
                "the idempotency key was taken and released while this request waited for it; send it again")));
    }

    /** Stores the response of the key's request, once it is final. */
    static void complete(Connection c, Key key, String message, Response r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_key SET status_code = ?,"
                + " response_headers = ?, response_body = ? WHERE scope = ? AND idem_key = ? AND message = ?")) {
            ps.setInt(1, r.status());
            ps.setString(2, r.headers());
            ps.setString(3, r.body());
            ps.setString(4, key.scope());
            ps.setString(5, key.value());
            ps.setString(6, message);
            ps.executeUpdate();
        }
    }

    /** Frees the key: its request sent nothing, and sending it again with the same key must really try again. */
    static void release(Connection c, Key key, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ?"
                + " AND message = ?")) {
            bindKey(ps, key);
            ps.setString(3, message);
            ps.executeUpdate();
        }
    }

    /** Forgets expired keys (retention); their requests are long finished. */
    static int purge(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE expires_at <= ?")) {
            ps.setObject(1, Rows.ts(now));
            return ps.executeUpdate();
        }
    }

    private static Optional<Entry> find(Connection c, Key key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, message, status_code, response_headers,"
                + " response_body FROM idempotency_key WHERE scope = ? AND idem_key = ? AND expires_at > ?")) {
            bindKey(ps, key);
            ps.setObject(3, Rows.ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Integer status = rs.getObject("status_code", Integer.class);
                return Optional.of(new Entry(rs.getString("fingerprint"), rs.getString("message"), status == null ? null
                        : new Response(status, rs.getString("response_headers"), rs.getString("response_body"))));
            }
        }
    }

    private static void bindKey(PreparedStatement ps, Key key) throws SQLException {
        ps.setString(1, key.scope());
        ps.setString(2, key.value());
    }
}
