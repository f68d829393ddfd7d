package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final SyncRecords records;
    private final OutboxWorker worker;
    private final Duration maxAge;
    private final boolean recordSync;

    public Outbox(MessageStore store, SyncRecords records, OutboxWorker worker, MailgateConfig config) {
        this.store = store;
        this.records = records;
        this.worker = worker;
        this.maxAge = config.outbox().maxAge();
        this.recordSync = config.outbox().recordSync();
    }

    /** A composed message for the queue; {@code sendAt} empty means as soon as possible. */
    public record Queued(ComposedMail mail, MessageDraft draft, Optional<Instant> sendAt) {
    }

    /**
     * Stores the message; the stage completes once it is on the disk, which is when a 202 may be sent. {@code sendAt}
     * empty means as soon as possible.
     */
    public CompletionStage<Status> accept(ComposedMail mail, MessageDraft draft, Optional<String> key,
            Optional<Instant> sendAt) {
        return acceptAll(List.of(new Queued(mail, draft, sendAt)), key).thenApply(List::getFirst);
    }

    /** Stores the messages in one transaction (all or none); their statuses, in order. */
    public CompletionStage<List<Status>> acceptAll(List<Queued> queued, Optional<String> key) {
        return acceptAll(queued, key, Optional.empty()).thenApply(held -> queued.stream()
                .map(q -> initialStatus(q.sendAt())).toList());
    }

    /**
     * As {@link #acceptAll(List, Optional)}, claiming an idempotency key (with the response it will get) in the same
     * transaction. Completes with the row of a live key another request holds first; then nothing was stored.
     */
    public CompletionStage<Optional<IdempotencyStore.Entry>> acceptAll(List<Queued> queued, Optional<String> key,
            Optional<IdempotencyStore.Claim> claim) {
        Instant now = Instant.now();
        List<MessageStore.Accepted> rows = new ArrayList<>();
        for (Queued q : queued) {
            Instant start = q.sendAt().orElse(now);
            ComposedMail mail = q.mail();
            rows.add(new MessageStore.Accepted(new MessageStore.NewMessage(id(mail), mail.messageId(), key.orElse(null),
                    "async", initialStatus(q.sendAt()), mail.sender(), mail.recipients(), q.draft().subject(),
                    mail.size(), now, q.sendAt().orElse(null), start.plus(maxAge), mail.traceparent().get()), q.draft()));
        }
        return store.acceptAll(rows, claim).thenApply(held -> {
            if (held.isEmpty()) {
                worker.wake();
            }
            return held;
        });
    }

    /**
     * Stores a message submitted as MIME (the SMTP relay): kept whole, sent as it is. Completes once it is on the
     * disk, which is when the relay may say 250.
     */
    public CompletionStage<Void> acceptRaw(ComposedMail mail, String subject, Optional<String> key) {
        Instant now = Instant.now();
        MessageStore.NewMessage row = new MessageStore.NewMessage(id(mail), mail.messageId(), key.orElse(null), "async",
                Status.QUEUED, mail.sender(), mail.recipients(), subject, mail.size(), now, null, now.plus(maxAge),
                mail.traceparent().get());
        dev.mailgate.compose.MessageDraft content = new dev.mailgate.compose.MessageDraft(mail.sender(),
                mail.recipients(), null, null, null, subject, null, null, List.of(new dev.mailgate.compose.Part(
                        "submitted.eml", "message/rfc822", null, mail.raw().bytes(), null)), null, null);
        return store.acceptAll(List.of(new MessageStore.Accepted(row, content, true)), Optional.empty())
                .thenAccept(held -> worker.wake());
    }

    /** A new message's status: scheduled with a sendAt, queued without. */
    public static Status initialStatus(Optional<Instant> sendAt) {
        return sendAt.isPresent() ? Status.SCHEDULED : Status.QUEUED;
    }

    /** A synchronous send's outcome, stored behind the response; a failure to store it is only logged. */
    public void recordSync(ComposedMail mail, String subject, Optional<String> key, Status status,
            StoredMessage.LastError error, Instant startedAt, String account, String sender) {
        if (!recordSync) {
            return;
        }
        MessageStore.NewMessage m = new MessageStore.NewMessage(id(mail), mail.messageId(), key.orElse(null), "sync",
                status, sender == null ? mail.sender() : sender, mail.recipients(), subject, mail.size(), startedAt,
                null, null, null);
        records.record(m, mail.attempts().get(), error, Instant.now(), account);
    }

    /** The API's id for a message: the unique left-hand side of its Message-ID. */
    public static String id(ComposedMail mail) {
        if (mail.id() != null) {
            return mail.id();
        }
        String messageId = mail.messageId();
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
