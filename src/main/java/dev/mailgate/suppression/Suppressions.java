package dev.mailgate.suppression;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.address.SenderPatterns;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.Events;
import org.jboss.logging.Logger;

/**
 * The suppression list: addresses mailgate never sends to, gateway-wide. Reads on the send path come from an
 * in-memory copy ({@link SuppressionCopy}), so a check costs a hash lookup per recipient; every change is written
 * durably with its webhook event in one transaction, and the copy is updated before the change is answered, so an
 * address is refused on this replica from the moment its PUT returns. Other replicas catch up within seconds.
 */
@ApplicationScoped
public class Suppressions {

    private static final Logger LOG = Logger.getLogger(Suppressions.class);

    /** A recipient that is on the list: the address as the request gave it, why, and since when. */
    public record Hit(String address, Reason reason, Instant since) {
    }

    /** What a put did. */
    public enum Change {
        CREATED, REPLACED, UNCHANGED
    }

    public record Put(Change change, Suppression entry) {
    }

    /** One address of an import, with its line (or element) number for the report. */
    public record Line(int number, String address, Reason reason, String note) {
    }

    public record Imported(int created, int updated, int unchanged) {
    }

    /** One page of the list, newest first. */
    public record Page(List<Suppression> entries, String nextCursor) {
    }

    private final SuppressionStore rows;
    private final SuppressionCopy copy;
    private final StoreWriter writer;
    private final Events events;
    private final ObjectMapper json;
    private final Optional<Duration> autoExpiry;

    public Suppressions(SuppressionStore rows, SuppressionCopy copy, StoreWriter writer, Events events,
            ObjectMapper json, MailgateConfig config) {
        this.rows = rows;
        this.copy = copy;
        this.writer = writer;
        this.events = events;
        this.json = json;
        this.autoExpiry = config.suppression().autoExpiry();
    }

    /** The key an address is compared by, or empty if it is not an address. */
    public static Optional<String> key(String address) {
        return SenderPatterns.normalise(address);
    }

    /** The recipients (bare addresses) that are on the list now, in their order, each address once. */
    public List<Hit> check(List<String> recipients) {
        return copy.check(recipients);
    }

    /** The entry for an address, if it stands. Blocking. */
    public Optional<Suppression> get(String address) throws SQLException {
        Optional<String> key = key(address);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return rows.find(List.of(key.get()), Instant.now()).stream().findFirst();
    }

    /** A page of the list, newest first. Blocking. */
    public Page page(Optional<Reason> reason, Optional<String> prefix, int limit,
            Optional<dev.mailgate.store.Cursor> cursor) throws SQLException {
        return rows.page(reason, prefix.map(p -> p.trim().toLowerCase(java.util.Locale.ROOT)), limit, cursor,
                Instant.now());
    }

    /** A person's entry, through the API: it never expires unless {@code expiresAt} says so. */
    public CompletionStage<Put> put(String address, Reason reason, String note, Instant expiresAt, String by) {
        return writer.write(c -> put(c, address, reason, note, expiresAt, null, null, by));
    }

    /** mailgate's own entry, from a bounce: it expires after mailgate.suppression.auto-expiry, if set. */
    public CompletionStage<Put> addAutomatically(String address, Reason reason, String message, String diagnostic) {
        Instant expires = autoExpiry.map(d -> Instant.now().plus(d)).orElse(null);
        return writer.write(c -> put(c, address, reason, null, expires, message, diagnostic, null));
    }

    /**
     * mailgate's own entry, inside a transaction of the writer that does more (a bounce's effects are one transaction
     * with the mailbox's read progress).
     */
    public Put addAutomatically(Connection c, String address, Reason reason, String message, String diagnostic)
            throws SQLException {
        // An address already on the list keeps its entry: a person's reason (unsubscribe, manual) is not replaced.
        Optional<Suppression> standing = key(address).flatMap(k -> {
            try {
                return rows.current(c, k);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).filter(s -> s.active(Instant.now()));
        if (standing.isPresent()) {
            return new Put(Change.UNCHANGED, standing.get());
        }
        Instant expires = autoExpiry.map(d -> Instant.now().plus(d)).orElse(null);
        return put(c, address, reason, null, expires, message, diagnostic, null);
    }

    /** Many entries in one transaction; an entry that is already there as given is left alone. */
    public CompletionStage<Imported> importAll(List<Line> lines, String by) {
        return writer.write(c -> {
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            for (Line l : lines) {
                switch (put(c, l.address(), l.reason(), l.note(), null, null, null, by).change()) {
                    case CREATED -> created++;
                    case REPLACED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
            }
            return new Imported(created, updated, unchanged);
        });
    }

    /** Takes an address off the list; false if it was not on it. */
    public CompletionStage<Boolean> remove(String address, String by) {
        String key = key(address).orElseThrow(() -> new IllegalArgumentException("not an address"));
        return writer.write(c -> {
            Instant now = Instant.now();
            // An entry past its expiry is no longer on the list: nothing to remove, as GET says too.
            Optional<Suppression> was = rows.current(c, key).filter(s -> s.active(now));
            if (was.isEmpty() || !rows.remove(c, key, now)) {
                return false;
            }
            Instant stamped = rows.stamp(c, key, now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("address", was.get().address());
            data.put("reason", was.get().reason().wire());
            record(c, EventType.SUPPRESSION_REMOVED, "removed", key, by, now, data);
            StoreWriter.afterCommit(() -> copy.remove(key, stamped));
            LOG.infof("suppression: removed %s (was %s) by %s", masked(was.get().address()),
                    was.get().reason().wire(), who(by));
            return true;
        });
    }

    private Put put(Connection c, String address, Reason reason, String note, Instant expiresAt, String message,
            String diagnostic, String by) throws SQLException {
        String key = key(address).orElseThrow(() -> new IllegalArgumentException("not an address"));
        Instant now = Instant.now();
        Optional<Suppression> was = rows.current(c, key).filter(s -> s.active(now));
        Suppression entry = new Suppression(key, address.trim(), reason, note, message, diagnostic,
                was.map(Suppression::createdAt).orElse(now), now, expiresAt, was.map(Suppression::createdBy)
                        .orElse(by));
        if (was.isPresent() && was.get().sameAs(entry)) {
            return new Put(Change.UNCHANGED, was.get());
        }
        rows.upsert(c, entry);
        // On PostgreSQL the change carries the database's time, as the other replicas will read it.
        Instant stamped = rows.stamp(c, key, now);
        Suppression written = stamped.equals(now) ? entry : new Suppression(entry.key(), entry.address(),
                entry.reason(), entry.note(), entry.message(), entry.diagnostic(), entry.createdAt(), stamped,
                entry.expiresAt(), entry.createdBy());
        if (was.isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("address", entry.address());
            data.put("reason", reason.wire());
            data.put("note", note);
            data.put("messageId", message);
            data.put("diagnostic", diagnostic);
            data.put("since", now.toString());
            data.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            data.put("createdBy", by);
            record(c, EventType.SUPPRESSION_ADDED, "active", key, by, now, data);
        }
        StoreWriter.afterCommit(() -> copy.put(written));
        LOG.infof("suppression: %s %s (%s) by %s", was.isEmpty() ? "added" : "replaced", masked(entry.address()),
                reason.wire(), who(by));
        return new Put(was.isEmpty() ? Change.CREATED : Change.REPLACED, written);
    }

    private void record(Connection c, EventType type, String status, String key, String by, Instant at,
            Map<String, Object> data) throws SQLException {
        try {
            events.record(c, Events.Event.of(listKey(key), by, type, status, at).withData(json.writeValueAsString(data)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What stands in the event's message column for an entry: a stable key of the address, so that one address's
     * events reach each endpoint in order, as one message's do.
     */
    static String listKey(String key) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sup-" + java.util.HexFormat.of().formatHex(h).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs name the key that made a change, never the key itself, and hide most of the address's local part. */
    private static String who(String by) {
        return by == null ? "mailgate" : "API key " + by;
    }

    static String masked(String address) {
        int at = address.lastIndexOf('@');
        return at <= 1 ? "*" + address.substring(Math.max(at, 0)) : address.charAt(0) + "***" + address.substring(at);
    }

    /** The counts the gauge shows. Blocking. */
    Map<Reason, Long> counts() throws SQLException {
        return rows.counts(Instant.now());
    }

    /** For the purge job. */
    CompletionStage<Integer> purge(Instant before, Instant eventsBefore) {
        return writer.writeLazily(c -> rows.purge(c, before, eventsBefore));
    }

}
