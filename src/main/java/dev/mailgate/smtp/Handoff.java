package dev.mailgate.smtp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asked once per attempt, when its transaction starts on a connection; the final dot waits for the answer. The outbox
 * answers true only after it has durably noted that the message may from now on have been delivered, so that a
 * crash can tell "never handed over" (safe to send again) from "maybe delivered" (uncertain). Asking early lets the
 * mark's disk write overlap the envelope and the data; it only ever widens "maybe" to transactions in progress, of
 * which there are at most as many as pooled connections. False stops the transaction short of the dot, which
 * delivers nothing.
 */
@FunctionalInterface
public interface Handoff {

    /** For sends that keep no record to protect: the synchronous API. */
    Handoff NONE = () -> CompletableFuture.completedFuture(true);

    CompletionStage<Boolean> begin();

    /**
     * Asked when the attempt has its connection, before it says anything: false gives the connection back untouched
     * and fails the attempt with {@link NotStartedException} (a gateway shutting down releases what it has not
     * started).
     */
    default boolean mayStart() {
        return true;
    }
}
