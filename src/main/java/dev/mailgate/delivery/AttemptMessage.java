package dev.mailgate.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.MultiMap;
import io.vertx.core.file.AsyncFile;
import io.vertx.ext.mail.MailMessage;

/**
 * The Vert.x message for one delivery attempt, which knows whether the SMTP transaction has begun.
 * <p>
 * The Vert.x client encodes a message only after its pool has handed over a ready connection: connected, greeted,
 * TLS and login done, a reused one reset. Encoding reads {@link #getHeaders()}, and {@code MAIL FROM} follows. So
 * until that call, nothing of the message has left mailgate, and a failure is safe to retry. An attempt abandoned
 * before it (a timeout, the caller's deadline) makes that call throw, and Vert.x then drops the send before the
 * transaction: a real cancellation, which an async timeout alone does not give.
 */
final class AttemptMessage extends MailMessage {

    private static final int BUILDING = 0;
    private static final int READY = 1;
    private static final int STARTED = 2;
    private static final int ABANDONED = 3;

    private final AtomicInteger state = new AtomicInteger(BUILDING);
    private final List<AsyncFile> files = new ArrayList<>();

    /** Building is over; from now on the client's first read of the headers marks the start. */
    AttemptMessage ready() {
        state.set(READY);
        return this;
    }

    void track(AsyncFile file) {
        files.add(file);
    }

    @Override
    public MultiMap getHeaders() {
        if (state.compareAndSet(READY, STARTED) || state.get() != ABANDONED) {
            return super.getHeaders();
        }
        throw new IllegalStateException("delivery attempt abandoned before the SMTP transaction");
    }

    /** Whether the client has begun the transaction, so the server may have received (part of) the message. */
    boolean started() {
        return state.get() == STARTED;
    }

    /** Stops a transaction that has not begun. True if that worked, so nothing was or will be sent. */
    boolean abandon() {
        return state.compareAndSet(READY, ABANDONED) || state.get() == ABANDONED;
    }

    /** Closes the attachment files; a transfer still running stops short of the final dot, so it is not delivered. */
    void closeFiles() {
        files.forEach(f -> f.close().onFailure(ignored -> {
        }));
    }
}
