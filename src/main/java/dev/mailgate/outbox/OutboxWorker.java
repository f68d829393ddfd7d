package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.Router;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import dev.mailgate.store.StoreStartup;

/**
 * Drains the outbox: claims due messages (as many as there are free SMTP slots), hands each to the
 * {@link Dispatcher}, keeps their leases alive while they are sent, and waits when the provider or mailgate's own
 * limits say so. A new message wakes it at once; polling is the fallback. It runs on its own thread and never blocks
 * an event loop: the store's work happens on the writer thread and on worker threads.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);

    private final QueueStore queue;
    private final Dispatcher dispatcher;
    private final Router router;
    private final MailMode mode;
    private final OutboxMetrics metrics;
    private final Duration lease;
    private final Duration poll;
    private final Duration shutdownTimeout;
    private final Duration loginCheck;
    private final int slots;
    private final boolean enabled;
    private final String owner = "mailgate-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore signal = new Semaphore(0);
    private final Map<String, QueueStore.Claimed> inFlight = new ConcurrentHashMap<>();
    /** Synchronous sends with a key that this process claimed: renewed with the rest, but using no queue slot. */
    private final Map<String, QueueStore.Claimed> held = new ConcurrentHashMap<>();
    private volatile boolean running;
    /** Cleared the moment shutdown begins (SIGTERM): in-flight sends finish, nothing new is claimed. */
    private volatile boolean claiming = true;
    private volatile Outcomes.Pause pause;
    private Thread thread;

    public OutboxWorker(QueueStore queue, Dispatcher dispatcher, Router router, MailMode mode,
            OutboxMetrics metrics, MailgateConfig config,
            @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "8") int poolSize,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30s") Duration shutdownTimeout) {
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.router = router;
        this.mode = mode;
        this.metrics = metrics;
        this.lease = config.outbox().lease();
        this.poll = config.outbox().pollInterval();
        this.loginCheck = config.outbox().loginCheckInterval();
        // Four per pooled connection: the single account's pool, or every named account's together.
        int connections = config.accounts().named().isEmpty() ? poolSize
                : config.accounts().named().values().stream().mapToInt(a -> a.maxPoolSize()).sum();
        this.slots = Math.max(1, config.outbox().concurrency().orElse(4 * Math.max(1, connections)));
        this.shutdownTimeout = shutdownTimeout;
        this.enabled = config.outbox().workerEnabled();
    }

    /** After the store is open: takes back what a previous process left half-sent, then starts draining. */
    void start(@Observes @Priority(StoreStartup.PRIORITY + 100) StartupEvent event) {
        // Recovery runs even where this process does not drain the queue: a synchronous send with an idempotency key
        // is claimed by the process that makes it, and a crash must not leave it claimed.
        QueueStore.Recovery r = queue.recover(owner).toCompletableFuture().join();
        if (r.requeued() + r.uncertain() > 0) {
            LOG.warnf("Recovered %d message(s) a previous process left in flight: %d back in the queue (their final"
                    + " dot never went out), %d uncertain (it may have; not re-sent)", r.requeued() + r.uncertain(),
                    r.requeued(), r.uncertain());
        }
        if (!enabled) {
            LOG.info("Outbox worker: off (mailgate.outbox.worker-enabled=false); other processes drain the queue");
        }
        running = true;
        thread = Thread.ofPlatform().name("mailgate-outbox").daemon().start(this::loop);
    }

    /** SIGTERM, with a shutdown delay: the gateway still answers for a while, but the queue stops here. */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        claiming = false;
        dispatcher.drain();
    }

    /** Stops claiming and lets what is in flight finish, within quarkus.shutdown.timeout. */
    void stop(@Observes ShutdownEvent event) {
        claiming = false;
        dispatcher.drain();
        running = false;
        signal.release();
        long deadline = System.nanoTime() + shutdownTimeout.minusSeconds(2).toNanos();
        while ((!inFlight.isEmpty() || !held.isEmpty()) && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (!inFlight.isEmpty()) {
            LOG.warnf("%d message(s) still in flight at shutdown; the next start recovers them", inFlight.size());
        }
    }

    /** Who this process's claims belong to. */
    public String owner() {
        return owner;
    }

    /**
     * A message this process claimed outside the queue (a synchronous send with an idempotency key): its lease is
     * renewed with the worker's own until {@link #release}, and shutdown waits for it as for any send in flight.
     */
    public void hold(QueueStore.Claimed m) {
        held.put(m.id(), m);
    }

    public void release(String id) {
        held.remove(id);
    }

    /** A message was queued: look now rather than at the next poll. */
    public void wake() {
        signal.release();
    }

    /** Why the queue is waiting, or null. */
    public String pausedBecause() {
        Outcomes.Pause p = pause;
        return p == null ? null : p.cause();
    }

    private void loop() {
        Instant renewAt = Instant.now().plus(lease.dividedBy(3));
        Instant recoverAt = Instant.now().plus(lease);
        while (running) {
            try {
                Instant now = Instant.now();
                if (!now.isBefore(renewAt)) {
                    if (!inFlight.isEmpty() || !held.isEmpty()) {
                        List<QueueStore.Claimed> leased = new java.util.ArrayList<>(inFlight.values());
                        leased.addAll(held.values());
                        queue.renew(owner, leased, now.plus(lease));
                    }
                    renewAt = now.plus(lease.dividedBy(3));
                }
                if (!now.isBefore(recoverAt)) {
                    queue.recover(owner).thenAccept(r -> {
                        if (r.requeued() + r.uncertain() > 0) {
                            LOG.warnf("Recovered %d message(s) whose claim's lease ran out (its holder died or stalled):"
                                    + " %d back in the queue, %d uncertain (not re-sent)", r.requeued() + r.uncertain(),
                                    r.requeued(), r.uncertain());
                        }
                    });
                    recoverAt = now.plus(lease);
                }
                if (!enabled) {
                    await(lease.dividedBy(3)); // renewing and recovering only
                    continue;
                }
                if (waiting(now)) {
                    continue;
                }
                int free = claiming ? slots - inFlight.size() : 0;
                // Claims in batches (a quarter of the slots, or whatever is free when idle), not one per finished send.
                if (free > 0 && (free >= Math.max(1, slots / 4) || inFlight.isEmpty())) {
                    List<QueueStore.Claimed> claimed = queue.claim(free, owner, now.plus(lease))
                            .toCompletableFuture().get(30, TimeUnit.SECONDS);
                    claimed.forEach(this::dispatch);
                    if (!claimed.isEmpty() && claimed.size() == free) {
                        continue; // there may be more due; claim again as soon as a slot frees
                    }
                }
                await(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Whatever happened, the queue must not stop being drained.
                LOG.errorf(e, "outbox worker: %s", e.getMessage());
                await(Duration.ofSeconds(1));
            }
        }
    }

    /** True while the queue is paused (the loop waits and looks again). */
    private boolean waiting(Instant now) {
        Outcomes.Pause p = pause;
        if (p == null) {
            return false;
        }
        if (now.isBefore(p.until())) {
            await(Duration.between(now, p.until()).compareTo(poll) < 0 ? Duration.between(now, p.until()) : poll);
            return true;
        }
        if (p.probe() && !mode.mock()) {
            checkLogin(p, now);
            return true;
        }
        resume(p);
        return false;
    }

    /**
     * Tries the login in the background; the loop keeps waiting (and renewing leases) meanwhile. It resumes the queue
     * when the login works, and otherwise checks again after the interval.
     */
    private void checkLogin(Outcomes.Pause p, Instant now) {
        pause = new Outcomes.Pause(now.plus(loginCheck), p.cause(), true);
        router.verify().ifNoItem().after(Duration.ofSeconds(15)).fail().subscribe().with(ok -> {
            if (pause != null && pause.probe()) {
                resume(pause);
                signal.release();
            }
        }, e -> LOG.warnf("outbox paused (%s): the SMTP login still fails: %s", p.cause(), e.getMessage()));
    }

    private void resume(Outcomes.Pause p) {
        pause = null;
        metrics.paused(null);
        LOG.infof("outbox: resuming after a pause (%s)", p.cause());
    }

    private void dispatch(QueueStore.Claimed m) {
        inFlight.put(m.id(), m);
        dispatcher.send(m).subscribe().with(d -> finished(m, d), f -> {
            LOG.errorf(f, "outbox: dispatch of %s failed unexpectedly", m.id());
            inFlight.remove(m.id());
            signal.release();
        });
    }

    private void finished(QueueStore.Claimed m, Dispatcher.Dispatched d) {
        if (d.pause() != null) {
            Outcomes.Pause current = pause;
            if (current == null || d.pause().until().isAfter(current.until())) {
                pause = d.pause();
                metrics.paused(d.pause().cause());
            }
        }
        queue.finish(m, d.result()).whenComplete((applied, error) -> {
            if (error != null) {
                // The row keeps its claim; once the lease runs out, recovery applies the three-way rule.
                LOG.errorf("outbox: could not record the result of %s (%s): %s", m.id(), d.result().status(),
                        error.getMessage());
            } else if (!applied) {
                LOG.warnf("outbox: the claim on %s was taken back before its result (%s) was recorded", m.id(),
                        d.result().status());
            }
            inFlight.remove(m.id());
            signal.release();
        });
    }

    private void await(Duration d) {
        try {
            if (signal.tryAcquire(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS)) {
                signal.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
