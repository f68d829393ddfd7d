package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.config.MailgateConfig;

/**
 * Where composed mail enters the outbox: an asynchronous message is stored (content and all) and the worker woken;
 * a synchronous send leaves a record behind its response.
 */
@ApplicationScoped
public class Outbox {

    private final MessageStore store;
    private final OutboxWorker worker;
    private final Duration maxAge;
    private final boolean recordSync;

    public Outbox(MessageStore store, OutboxWorker worker, MailgateConfig config) {
        this.store = store;
        this.worker = worker;
        this.maxAge = config.outbox().maxAge();
        this.recordSync = config.outbox().recordSync();
    }

    /**
     * Stores the message; the stage completes once it is on the disk, which is when a 202 may be sent. {@code sendAt}
     * empty means as soon as possible.
     */
    public CompletionStage<Status> accept(ComposedMail mail, MessageDraft draft, Optional<String> key,
            Optional<Instant> sendAt) {
        Instant now = Instant.now();
        Status status = sendAt.isPresent() ? Status.SCHEDULED : Status.QUEUED;
        Instant start = sendAt.orElse(now);
        MessageStore.NewMessage m = new MessageStore.NewMessage(id(mail), mail.messageId(), key.orElse(null), "async",
                status, mail.sender(), mail.recipients(), draft.subject(), mail.size(), now, sendAt.orElse(null),
                start.plus(maxAge));
        return store.accept(m, draft).thenApply(v -> {
            worker.wake();
            return status;
        });
    }

    /** A synchronous send's outcome, stored behind the response; a failure to store it is only logged. */
    public void recordSync(ComposedMail mail, String subject, Optional<String> key, Status status,
            StoredMessage.LastError error, Instant startedAt) {
        if (!recordSync) {
            return;
        }
        MessageStore.NewMessage m = new MessageStore.NewMessage(id(mail), mail.messageId(), key.orElse(null), "sync",
                status, mail.sender(), mail.recipients(), subject, mail.size(), startedAt, null, null);
        store.record(m, mail.attempts().get(), error, Instant.now());
    }

    /** The API's id for a message: the unique left-hand side of its Message-ID. */
    public static String id(ComposedMail mail) {
        String messageId = mail.messageId();
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
