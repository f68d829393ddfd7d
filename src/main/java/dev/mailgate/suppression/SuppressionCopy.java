package dev.mailgate.suppression;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * This replica's copy of the list, for the send path: key to reason, since and expiry. Loaded at start; changes made
 * here are applied once they commit, before they are answered. On PostgreSQL, what other replicas change is read
 * every second from the rows changed in the last half minute (an overlapping window, so a transaction that commits
 * late is not missed), and the whole list again every five minutes. Until the copy is loaded, a check asks the store.
 */
@ApplicationScoped
class SuppressionCopy {

    private static final Logger LOG = Logger.getLogger(SuppressionCopy.class);
    private static final int OVERLAP_SECONDS = 2;
    private static final long POLL_MS = 1_000;
    private static final long RELOAD_MS = 300_000;

    /**
     * What the send path needs of an entry. A removal stays as a removed entry until the next full reload, so that a
     * refresh which read the rows before a change here committed cannot undo it: only a newer change wins.
     */
    private record Held(Reason reason, Instant since, Instant expiresAt, Instant updatedAt, boolean removed) {
        boolean active(Instant now) {
            return !removed && (expiresAt == null || expiresAt.isAfter(now));
        }

        static Held of(Suppression s) {
            return new Held(s.reason(), s.createdAt(), s.expiresAt(), s.updatedAt(), false);
        }
    }

    private final SuppressionStore rows;
    private final Store store;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile Thread poller;
    /** The newest change this copy has read (PostgreSQL's clock). */
    private Instant watermark = Instant.EPOCH;

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
            // Only just after start, before the list is in memory; never a blocking query on an event loop.
            if (io.vertx.core.Context.isOnEventLoopThread()) {
                throw new NotReadyException();
            }
            try {
                for (Suppression s : rows.find(keys.keySet(), now)) {
                    hits.add(new Suppressions.Hit(keys.get(s.key()), s.reason(), s.createdAt()));
                }
                return hits;
            } catch (SQLException e) {
                throw new IllegalStateException("the suppression list cannot be read: " + e.getMessage(), e);
            }
        }
        keys.forEach((k, r) -> {
            Held h = held.get(k);
            if (h != null && h.active(now)) {
                hits.add(new Suppressions.Hit(r, h.reason(), h.since()));
            }
        });
        return hits;
    }

    void put(Suppression s) {
        apply(s.key(), Held.of(s));
    }

    void remove(String key, Instant at) {
        apply(key, new Held(null, null, null, at, true));
    }

    /** A change, unless the copy already holds a newer one for the key. */
    private void apply(String key, Held change) {
        held.merge(key, change, (old, now) -> old.updatedAt() != null && old.updatedAt().isAfter(now.updatedAt())
                ? old : now);
    }

    /**
     * The whole list again, merged into the copy: a change made here while the rows were read (newer than the read's
     * start) stays, and an entry the store no longer has goes. A failed reload keeps the copy as it was.
     */
    private void reload() {
        Map<String, Held> fresh = new java.util.HashMap<>();
        try {
            Instant now = Instant.now();
            Instant started = store.postgresql() ? rows.now() : now;
            rows.all(s -> {
                if (s.active(now)) {
                    fresh.put(s.key(), Held.of(s));
                }
            });
            fresh.forEach(this::apply);
            held.entrySet().removeIf(e -> !fresh.containsKey(e.getKey()) && !e.getValue().updatedAt().isAfter(started));
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
}
