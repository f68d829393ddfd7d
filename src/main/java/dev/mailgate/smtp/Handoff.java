package dev.mailgate.smtp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asked once, just before a transaction's final dot: may the message be handed over now? The outbox answers true
 * only after it has durably noted that the message may from now on have been delivered, so that a crash can tell
 * "never handed over" (safe to send again) from "maybe delivered" (uncertain). False stops the transaction short
 * of the dot, which delivers nothing.
 */
@FunctionalInterface
public interface Handoff {

    /** For sends that keep no record to protect: the synchronous API. */
    Handoff NONE = () -> CompletableFuture.completedFuture(true);

    CompletionStage<Boolean> begin();
}
