package dev.mailgate.smtp;

import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Where one delivery attempt is, so a failure or a give-up can be judged. Up to the moment the final "." is written
 * the server can only discard the message; from then on it may have accepted it.
 */
public final class SmtpAttempt {

    private static final int SETTING_UP = 0;
    private static final int FINAL_DOT = 1;
    private static final int ABORTED = 2;

    private final AtomicInteger state = new AtomicInteger(SETTING_UP);
    private final boolean reuseOpenConnection;
    private final Handoff handoff;
    private volatile SmtpConnection connection;
    private volatile boolean queued;
    /** The attempt got an idle pooled connection, which the server may have closed meanwhile. */
    private volatile boolean reused;
    private Future<Boolean> handoffMark;

    public SmtpAttempt() {
        this(false, Handoff.NONE);
    }

    /**
     * @param reuseOpenConnection wait for an open connection instead of opening another (the server throttles)
     * @param handoff asked before the final dot
     */
    public SmtpAttempt(boolean reuseOpenConnection, Handoff handoff) {
        this.reuseOpenConnection = reuseOpenConnection;
        this.handoff = handoff;
    }

    boolean reuseOpenConnection() {
        return reuseOpenConnection;
    }

    /** Whether the attempt is waiting for a pooled connection (mailgate is busy; the server has not been asked). */
    void reused(boolean reused) {
        this.reused = reused;
    }

    boolean reused() {
        return reused;
    }

    public boolean queued() {
        return queued;
    }

    void queued(boolean queued) {
        this.queued = queued;
    }

    boolean mayStart() {
        return handoff.mayStart();
    }

    /**
     * Asks the {@link Handoff}, once per attempt: the transaction starts it as soon as it has a connection, so that
     * the outbox's durable mark is written while the envelope and the data travel, and the final dot waits for it.
     */
    synchronized Future<Boolean> handoff(Context context) {
        if (handoffMark == null) {
            handoffMark = Future.fromCompletionStage(handoff.begin(), context);
        }
        return handoffMark;
    }

    /** Whether the final dot went out, so the server may have the message. */
    public boolean mayHaveDelivered() {
        return state.get() == FINAL_DOT;
    }

    /**
     * Gives up: closes the connection. Returns true if the message cannot have been delivered, because the final dot
     * was never written (and now never will be).
     */
    public boolean abort() {
        boolean safe = state.compareAndSet(SETTING_UP, ABORTED) || state.get() == ABORTED;
        SmtpConnection c = connection;
        if (c != null) {
            c.close();
        }
        return safe;
    }

    boolean aborted() {
        return state.get() == ABORTED;
    }

    void using(SmtpConnection c) {
        connection = c;
        if (aborted()) {
            c.close();
        }
    }

    /** Claims the right to write the final dot; false if the attempt was given up first. */
    boolean finalDot() {
        return state.compareAndSet(SETTING_UP, FINAL_DOT);
    }
}
