package dev.mailgate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import org.jboss.logging.Logger;

/**
 * The store's only writer: one thread takes every pending write, runs them in one transaction, commits, and forces
 * the store to the disk once for the whole batch (group commit). Under load many accepts share one fsync, which is
 * how a durable 202 stays cheap; alone, a write waits for nobody. Callers get a CompletionStage and never run JDBC
 * on an event loop. One writer also means writes never conflict with each other.
 */
@ApplicationScoped
public class StoreWriter {

    private static final Logger LOG = Logger.getLogger(StoreWriter.class);
    private static final int MAX_BATCH = 256;

    /** A unit of work inside the writer's transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private record Pending<T>(Work<T> work, CompletableFuture<T> done, boolean durable) {
        void complete(Object result) {
            @SuppressWarnings("unchecked")
            T t = (T) result;
            done.complete(t);
        }
    }

    /** What the writer's current transaction runs once it has committed; null outside the writer. */
    private static final ThreadLocal<List<Runnable>> AFTER_COMMIT = new ThreadLocal<>();

    private final Store store;
    private final boolean fsync;
    private final java.util.Optional<String> sync;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public StoreWriter(Store store, MailgateConfig config) {
        this.store = store;
        this.fsync = config.store().fsync();
        this.sync = store.syncStatement();
        this.thread = Thread.ofPlatform().name("mailgate-store-writer").daemon().start(this::loop);
    }

    /**
     * Runs {@code r} once the transaction of the work calling this has committed (at once outside the writer): for
     * waking whoever should now see what it wrote. A rolled-back transaction runs none of them.
     */
    public static void afterCommit(Runnable r) {
        List<Runnable> after = AFTER_COMMIT.get();
        if (after == null) {
            r.run();
        } else {
            after.add(r);
        }
    }

    /** A write that is on the disk when the stage completes. */
    public <T> CompletionStage<T> write(Work<T> work) {
        return submit(work, true);
    }

    /** A write that may be lost in a power cut (a synchronous send's record: the caller has the answer already). */
    public <T> CompletionStage<T> writeLazily(Work<T> work) {
        return submit(work, false);
    }

    private <T> CompletionStage<T> submit(Work<T> work, boolean durable) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the store is shutting down"));
            return done;
        }
        queue.add(new Pending<>(work, done, durable));
        return done;
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            List<Pending<?>> batch = new ArrayList<>();
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                List<Object> results = run(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
                }
            } catch (SQLException | RuntimeException e) {
                // One bad write must not fail its neighbours: try each alone.
                if (batch.size() == 1) {
                    batch.getFirst().done().completeExceptionally(e);
                } else {
                    for (Pending<?> p : batch) {
                        try {
                            p.complete(run(List.of(p)).getFirst());
                        } catch (SQLException | RuntimeException single) {
                            p.done().completeExceptionally(single);
                        }
                    }
                }
            }
        }
    }

    private List<Object> run(List<Pending<?>> batch) throws SQLException {
        List<Runnable> after = new ArrayList<>();
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            List<Object> results = new ArrayList<>(batch.size());
            boolean durable = false;
            AFTER_COMMIT.set(after);
            try {
                for (Pending<?> p : batch) {
                    results.add(p.work().run(c));
                    durable |= p.durable();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                AFTER_COMMIT.remove();
            }
            after.forEach(Runnable::run);
            if (durable && fsync && sync.isPresent()) {
                // Committed already: a failed sync must not fail (and re-run) work that happened. The data has
                // reached the operating system; only a power cut could still lose it.
                try (Statement s = c.createStatement()) {
                    s.execute(sync.get());
                } catch (SQLException e) {
                    LOG.errorf("the store committed but could not force its files to the disk: %s", e.getMessage());
                }
            }
            return results;
        }
    }

    /** Lets queued writes finish (they were promised), then stops. */
    @PreDestroy
    void stop() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the store writer did not finish its queue within 10 s");
        }
    }
}
