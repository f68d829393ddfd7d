package dev.mailgate.outbox;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;

/**
 * A synchronous send with an idempotency key goes through the store like a queued one: before any SMTP, its message
 * (content and all) and its key are stored together, already claimed by this process; the final dot waits for the
 * durable handoff mark; and its outcome and the response are written together. So if the process dies mid-send,
 * recovery applies the outbox's three-way rule to it (never handed over: queued and sent once; maybe handed over:
 * uncertain), and a retry with the key answers from the message's state instead of sending it again.
 */
@ApplicationScoped
public class SyncClaims {

    /** A claimed synchronous send, and its key. */
    public record Held(QueueStore.Claimed claim, IdempotencyStore.Key key) {
    }

    /** Either this request holds the key now, or another request held it first ({@code existing}). */
    public record Started(Optional<Held> held, Optional<IdempotencyStore.Entry> existing) {
    }

    private final StoreWriter writer;
    private final Store store;
    private final MessageStore messages;
    private final IdempotencyStore keys;
    private final QueueStore queue;
    private final OutboxWorker worker;
    private final Duration maxAge;
    private final Duration lease;

    public SyncClaims(StoreWriter writer, Store store, MessageStore messages, IdempotencyStore keys, QueueStore queue,
            OutboxWorker worker, MailgateConfig config) {
        this.writer = writer;
        this.store = store;
        this.messages = messages;
        this.keys = keys;
        this.queue = queue;
        this.worker = worker;
        this.maxAge = config.outbox().maxAge();
        this.lease = config.outbox().lease();
    }

    /** Stores the message as being sent by this process, and the key, durably; or finds who holds the key. */
    public CompletionStage<Started> start(ComposedMail mail, MessageDraft draft, Optional<String> apiKey,
            IdempotencyStore.Claim claim) {
        Instant now = claim.now();
        MessageStore.NewMessage m = new MessageStore.NewMessage(Outbox.id(mail), mail.messageId(), apiKey.orElse(null),
                "sync", Status.SENDING, mail.sender(), mail.recipients(), draft.subject(), mail.size(), now, null,
                now.plus(maxAge), mail.traceparent().get());
        String content = messages.content(new MessageStore.Accepted(m, draft));
        String owner = worker.owner();
        return writer.write(c -> {
            Optional<IdempotencyStore.Entry> held = keys.claim(c, claim);
            if (held.isPresent()) {
                return new Started(Optional.empty(), held);
            }
            messages.insert(c, m, content, now, 0);
            messages.writeParts(c, m.id(), draft);
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET lease_owner = ?, lease_until = "
                    + store.leaseUntil() + ", lease_token = 1 WHERE id = ?")) {
                ps.setString(1, owner);
                store.bindLeaseUntil(ps, 2, now.plus(lease));
                ps.setString(3, m.id());
                ps.executeUpdate();
            }
            QueueStore.Claimed claimed = new QueueStore.Claimed(m.id(), 1, m.messageId(), m.apiKey(), content, now,
                    null, m.expiresAt(), 0, Status.QUEUED, m.traceparent());
            return new Started(Optional.of(new Held(claimed, claim.key())), Optional.empty());
        }).thenApply(started -> {
            started.held().ifPresent(h -> worker.hold(h.claim()));
            return started;
        });
    }

    /** The final dot goes out only once the handoff mark is on the disk, and only while this process holds the claim. */
    public Handoff handoff(Held h) {
        return () -> queue.handoff(h.claim().id(), h.claim().token());
    }

    /**
     * Records the outcome and, with it, the response to replay ({@code response}), or frees the key when nothing was
     * sent and a retry should really try again ({@code response} empty). False if the claim was taken back meanwhile
     * (this process stalled past its lease): then the message's state, not this outcome, is the truth.
     */
    public CompletionStage<Boolean> finish(Held h, QueueStore.Result result,
            Optional<IdempotencyStore.Response> response) {
        Instant now = Instant.now();
        QueueStore.Claimed m = h.claim();
        return writer.write(c -> {
            if (!queue.finish(c, m, result, now)) {
                return false;
            }
            if (response.isPresent()) {
                IdempotencyStore.complete(c, h.key(), m.id(), response.get());
            } else {
                IdempotencyStore.release(c, h.key(), m.id());
            }
            return true;
        }).whenComplete((applied, error) -> worker.release(m.id()));
    }
}
