package dev.mailgate.smtp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;


import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.ext.mail.mailencoder.EncodedPart;

/**
 * mailgate's SMTP client for one account: a pool of authenticated connections, and mail transactions on them that
 * know their phase. Each account has its own client, so one account's trouble never takes another's connections.
 * <p>
 * Why not the Vert.x mail client: it writes every line of a message as its own network write (about 37 for a 2 KB
 * mail, each a TLS record on port 465), and it cannot say whether a lost connection came before or after the final
 * dot, which decides whether a retry is safe. The MIME still comes from the Vert.x mail encoder.
 */
public class SmtpClient {

    private final Vertx vertx;
    private final SmtpSettings settings;
    private final NetClient net;
    private final SmtpSession session;
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private final Deque<Promise<SmtpConnection>> waiting = new ArrayDeque<>();
    private final long reaper;
    private int open;
    /** Connections lent out right now: a send waiting for one of these will get it back. */
    private int inUse;

    /** A client for {@code account}, its pool gauges tagged with the account's name. */
    public static SmtpClient create(Vertx vertx, SmtpSettings settings, MeterRegistry registry, String account) {
        SmtpClient client = new SmtpClient(vertx, settings);
        Gauge.builder("mailgate.smtp.connections", client, c -> c.count(false)).tag("state", "open")
                .tag("account", account).description("Open SMTP connections").register(registry);
        Gauge.builder("mailgate.smtp.connections", client, c -> c.count(true)).tag("state", "idle")
                .tag("account", account).description("Idle pooled SMTP connections").register(registry);
        return client;
    }

    SmtpClient(Vertx vertx, SmtpSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.net = vertx.createNetClient(settings.options());
        this.session = new SmtpSession(settings);
        long period = Math.max(1_000, Math.min(30_000, settings.keepAliveTimeout().toMillis() / 2));
        this.reaper = vertx.setPeriodic(period, id -> closeIdle(false));
    }

    /** Where this client connects, for logs and health: host:port. */
    public String target() {
        return settings.host() + ":" + settings.port();
    }

    public int maxPoolSize() {
        return settings.maxPoolSize();
    }

    /**
     * Sends one message. Fails with {@link NothingSentException} when the final dot was not written (nothing can have
     * been delivered), otherwise with the server's {@code SMTPException} or the I/O failure. {@code attempt} lets the
     * caller give up, which closes the connection.
     */
    public Uni<Void> send(String from, List<String> recipients, EncodedPart message, SmtpAttempt attempt) {
        return send(from, recipients, context -> MessageWriter.of(message, context), attempt);
    }

    /**
     * Sends a message given as its bytes (submitted over SMTP): sent as they are, only dot-stuffed and with CRLF line
     * ends, so its MIME structure and body arrive byte for byte.
     */
    public Uni<Void> sendRaw(String from, List<String> recipients, byte[] message, SmtpAttempt attempt) {
        return send(from, recipients, context -> MessageWriter.ofRaw(message, context), attempt);
    }

    private Uni<Void> send(String from, List<String> recipients,
            java.util.function.Function<io.vertx.core.Context, MessageWriter> message, SmtpAttempt attempt) {
        return Uni.createFrom().emitter(e -> acquire(attempt)
                .compose(c -> {
                    if (!attempt.mayStart()) {
                        release(c); // untouched, still clean
                        return Future.failedFuture(new NotStartedException());
                    }
                    attempt.using(c);
                    return session.transaction(c, from, recipients, message, attempt, vertx)
                            .andThen(done -> release(c));
                })
                .onComplete(done -> {
                    if (done.succeeded()) {
                        e.complete(null);
                    } else {
                        Throwable cause = done.cause();
                        // After the dot only a reply from the server says what happened; anything else may have
                        // come after the server kept the message.
                        e.fail(attempt.mayHaveDelivered() ? cause instanceof io.vertx.ext.mail.SMTPException ? cause
                                : new LostAfterDotException(cause)
                                : cause instanceof NotStartedException ? cause
                                // An idle pooled connection that failed without a reply: the server had closed it.
                                : attempt.reused() && !(cause instanceof io.vertx.ext.mail.SMTPException)
                                        ? new NothingSentException(new StaleConnectionException(cause))
                                        : new NothingSentException(cause));
                    }
                }));
    }

    /**
     * Gets a connection, logging in if it has to open one, and gives it back: the check that an account whose login
     * failed works again, without sending anything.
     */
    public Uni<Void> verify() {
        return Uni.createFrom().emitter(e -> acquire(new SmtpAttempt()).onComplete(r -> {
            if (r.succeeded()) {
                r.result().reusable(true);
                release(r.result());
                e.complete(null);
            } else {
                e.fail(r.cause());
            }
        }));
    }

    /**
     * An idle connection if one is still fresh, else a new one if the pool has room, else the next one released.
     * With {@code reuseOpen} a send waits for an open connection rather than opening one more: the server is
     * refusing connections, and each new one would count against its limit.
     */
    private Future<SmtpConnection> acquire(SmtpAttempt attempt) {
        Future<SmtpConnection> lent;
        synchronized (this) {
            lent = fromPool(attempt);
        }
        return lent.andThen(r -> {
            attempt.queued(false);
            if (r.succeeded()) {
                synchronized (this) {
                    inUse++;
                }
            }
        });
    }

    /** Called holding the lock. */
    private Future<SmtpConnection> fromPool(SmtpAttempt attempt) {
        SmtpConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.open() && c.idleNanos() < settings.keepAliveTimeout().toNanos()) {
                attempt.reused(true);
                return Future.succeededFuture(c);
            }
            c.quit(vertx);
            open--;
        }
        // Waiting for a lent connection is only worth it while one is lent: it will come back.
        if (open >= settings.maxPoolSize() || attempt.reuseOpenConnection() && inUse > 0) {
            Promise<SmtpConnection> p = Promise.promise();
            waiting.add(p);
            attempt.queued(true);
            return p.future();
        }
        open++;
        return connect();
    }

    /**
     * Connects from the event loop that will own the socket, so that the reply handler is in place before the
     * server's greeting can be read. Called from a worker thread (the outbox), the callbacks were attached after the
     * connection had completed, ran late, and Vert.x dropped a greeting that came first: the send then waited for it
     * until its attempt timed out (seen under load as "no reply from the SMTP server").
     */
    private Future<SmtpConnection> connect() {
        Promise<SmtpConnection> done = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                assert Context.isOnEventLoopThread() : "an SMTP connection is made from its event loop";
                net.connect(settings.port(), settings.host())
                        .compose(socket -> session.open(new SmtpConnection(socket)))
                        .onComplete(done);
            } catch (RuntimeException | AssertionError e) {
                done.tryFail(e); // frees the slot below instead of leaving the send to time out
            }
        });
        return done.future().onFailure(t -> slotFreed());
    }

    private void release(SmtpConnection c) {
        synchronized (this) {
            inUse--;
        }
        if (c.reusable() && settings.keepAlive()) {
            c.markIdle();
            Promise<SmtpConnection> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    idle.addFirst(c);
                    return;
                }
            }
            next.complete(c);
            return;
        }
        // After a lost connection or a broken-off transaction the session state is unknown.
        c.close();
        slotFreed();
    }

    private void slotFreed() {
        Promise<SmtpConnection> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                open--;
                return;
            }
        }
        connect().onComplete(next);
    }

    private synchronized int count(boolean idleOnly) {
        return idleOnly ? idle.size() : open;
    }

    private List<Future<Void>> closeIdle(boolean all) {
        List<Future<Void>> quits = new ArrayList<>();
        synchronized (this) {
            idle.removeIf(c -> {
                if (all || !c.open() || c.idleNanos() >= settings.keepAliveTimeout().toNanos()) {
                    quits.add(c.quit(vertx));
                    open--;
                    return true;
                }
                return false;
            });
        }
        return quits;
    }

    /** Says QUIT on every idle connection and waits (briefly) for the goodbyes. */
    public void close() {
        vertx.cancelTimer(reaper);
        try {
            Future.join(closeIdle(true)).toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway; the server sees the connections close
        }
    }
}
