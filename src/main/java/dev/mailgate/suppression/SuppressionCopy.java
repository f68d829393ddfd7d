package dev.mailgate.suppression;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailgate.address.SenderPatterns;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreStartup;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * This replica's copy of the list, for the send path. It must stay small in a small heap (100,000 entries in a
 * 128 MB heap cost a third of the send rate as objects), so it holds each address as a 64-bit digest in sorted
 * arrays with its reason, since, expiry and change time: about 33 bytes an entry. Changes since the arrays were built sit in a
 * small map on top, newest first; once it grows, the arrays are built again from the store in the background.
 * <p>
 * Changes made here are applied once they commit, before they are answered. On PostgreSQL, what other replicas change
 * is read every second from a watermark by the database's clock, and the whole list again every five minutes. Until
 * the copy is loaded, a check asks the store (never on an event loop: it says try again instead).
 */
@ApplicationScoped
class SuppressionCopy {

    private static final Logger LOG = Logger.getLogger(SuppressionCopy.class);
    private static final int OVERLAP_SECONDS = 2;
    private static final long POLL_MS = 1_000;
    private static final long RELOAD_MS = 300_000;
    /** Changes on top of the arrays before they are built again. */
    private static final int REBUILD_ABOVE = 4_096;
    private static final Reason[] REASONS = Reason.values();

    /** The arrays: digests in ascending order, and the same entry's reason, since and expiry at the same index. */
    private record Snapshot(long[] digests, byte[] reasons, long[] since, long[] expires, long[] updated) {
        static final Snapshot EMPTY = new Snapshot(new long[0], new byte[0], new long[0], new long[0], new long[0]);
    }

    /**
     * A change on top of the arrays: an entry, or a removal. {@code updated} (when it was made) decides which of two
     * changes wins; {@code applied} (when this copy got it, after its commit) whether a rebuild's read saw it.
     */
    private record Change(byte reason, long since, long expires, long updated, boolean removed, long applied) {
        static Change of(Suppression s) {
            return new Change((byte) s.reason().ordinal(), s.createdAt().toEpochMilli(), expiry(s.expiresAt()),
                    micros(s.updatedAt()), false, System.nanoTime());
        }
    }

    private final SuppressionStore rows;
    private final Store store;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final Map<Long, Change> recent = new ConcurrentHashMap<>();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile boolean loaded;
    private volatile Thread poller;
    /** The newest change this copy has read (PostgreSQL's clock). */
    private volatile Instant watermark = Instant.EPOCH;

    SuppressionCopy(SuppressionStore rows, Store store) {
        this.rows = rows;
        this.store = store;
    }

    /** After the store has its schema, before the queue and the relay start. */
    void start(@Observes @Priority(StoreStartup.PRIORITY + 100) StartupEvent event) {
        reload();
        if (store.postgresql()) {
            poller = Thread.ofPlatform().name("mailgate-suppression-refresh").daemon().start(this::poll);
        }
    }

    @PreDestroy
    void stop() {
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
    }

    List<Suppressions.Hit> check(List<String> recipients) {
        Instant now = Instant.now();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String r : recipients) {
            SenderPatterns.normalise(r).ifPresent(k -> keys.putIfAbsent(k, r));
        }
        List<Suppressions.Hit> hits = new ArrayList<>();
        if (!loaded) {
            return asTheStore(keys, now);
        }
        long millis = now.toEpochMilli();
        Snapshot s = snapshot;
        keys.forEach((k, r) -> {
            long d = digest(k);
            Change c = recent.get(d);
            if (c != null) {
                if (!c.removed() && c.expires() > millis) {
                    hits.add(new Suppressions.Hit(r, REASONS[c.reason()], Instant.ofEpochMilli(c.since())));
                }
                return;
            }
            int i = java.util.Arrays.binarySearch(s.digests(), d);
            if (i >= 0 && s.expires()[i] > millis) {
                hits.add(new Suppressions.Hit(r, REASONS[s.reasons()[i]], Instant.ofEpochMilli(s.since()[i])));
            }
        });
        return hits;
    }

    private List<Suppressions.Hit> asTheStore(Map<String, String> keys, Instant now) {
        // Only just after start, before the list is in memory; never a blocking query on an event loop.
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new NotReadyException();
        }
        List<Suppressions.Hit> hits = new ArrayList<>();
        try {
            for (Suppression s : rows.find(keys.keySet(), now)) {
                hits.add(new Suppressions.Hit(keys.get(s.key()), s.reason(), s.createdAt()));
            }
            return hits;
        } catch (SQLException e) {
            throw new IllegalStateException("the suppression list cannot be read: " + e.getMessage(), e);
        }
    }

    void put(Suppression s) {
        apply(s.key(), Change.of(s));
    }

    void remove(String key, Instant at) {
        apply(key, new Change((byte) 0, 0, 0, micros(at), true, System.nanoTime()));
    }

    /** A change, unless the copy already holds a newer one for the key. */
    private void apply(String key, Change change) {
        long d = digest(key);
        Snapshot s = snapshot;
        int i = java.util.Arrays.binarySearch(s.digests(), d);
        if (i >= 0 && !recent.containsKey(d) && s.updated()[i] > change.updated()) {
            return; // older than what the arrays hold: a refresh that read it late
        }
        recent.merge(d, change, (old, now) -> old.updated() > now.updated() ? old : now);
        if (recent.size() > REBUILD_ABOVE && loaded && rebuilding.compareAndSet(false, true)) {
            Thread.ofVirtual().name("mailgate-suppression-rebuild").start(() -> {
                try {
                    reload();
                } finally {
                    rebuilding.set(false);
                }
            });
        }
    }

    /**
     * The whole list again, as new arrays. A change made here while the rows were read (newer than the read's start)
     * stays on top; the others are in the arrays now. A failed reload keeps the copy as it was.
     */
    private synchronized void reload() {
        try {
            Instant now = Instant.now();
            Instant started = store.postgresql() ? rows.now() : now;
            long readStart = System.nanoTime();
            List<Suppression> all = new ArrayList<>();
            rows.all(s -> {
                if (s.active(now)) {
                    all.add(s);
                }
            });
            long[][] sorted = new long[all.size()][];
            for (int i = 0; i < all.size(); i++) {
                Suppression s = all.get(i);
                sorted[i] = new long[] { digest(s.key()), s.reason().ordinal(), s.createdAt().toEpochMilli(),
                        expiry(s.expiresAt()), micros(s.updatedAt()) };
            }
            java.util.Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
            Snapshot next = new Snapshot(new long[sorted.length], new byte[sorted.length], new long[sorted.length],
                    new long[sorted.length], new long[sorted.length]);
            for (int i = 0; i < sorted.length; i++) {
                next.digests()[i] = sorted[i][0];
                next.reasons()[i] = (byte) sorted[i][1];
                next.since()[i] = sorted[i][2];
                next.expires()[i] = sorted[i][3];
                next.updated()[i] = sorted[i][4];
            }
            snapshot = next;
            // What this copy got before the read began had committed by then, so the arrays have it.
            recent.values().removeIf(c -> c.applied() < readStart);
            if (store.postgresql()) {
                watermark = started; // changes from here on are read by the refresh
            }
            loaded = true;
        } catch (SQLException e) {
            LOG.warnf("the suppression list could not be %s (%s)", loaded ? "reloaded; the copy in memory stays"
                    : "loaded; checks ask the store until it is", e.getMessage());
        }
    }

    private void poll() {
        long lastReload = System.currentTimeMillis();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(POLL_MS);
                if (System.currentTimeMillis() - lastReload > RELOAD_MS || !loaded) {
                    reload();
                    lastReload = System.currentTimeMillis();
                    continue;
                }
                for (SuppressionStore.Change c : rows.changedSince(watermark, OVERLAP_SECONDS)) {
                    Optional.ofNullable(c.entry()).ifPresentOrElse(this::put, () -> remove(c.key(), c.updatedAt()));
                    if (c.updatedAt().isAfter(watermark)) {
                        watermark = c.updatedAt();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                // The watermark stays, so the next refresh that works reads everything missed meanwhile.
                LOG.warnf("the suppression list could not be refreshed: %s", e.getMessage());
            }
        }
    }

    /**
     * A 64-bit digest of an address's key: the first 8 bytes of its SHA-256. Two addresses share one with a chance of
     * about one in 10^14 for a list of 100,000; the only effect would be a refusal, never a send.
     */
    static long digest(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long d = 0;
            for (int i = 0; i < 8; i++) {
                d = d << 8 | (h[i] & 0xff);
            }
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long expiry(Instant expiresAt) {
        return expiresAt == null ? Long.MAX_VALUE : expiresAt.toEpochMilli();
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }
}
