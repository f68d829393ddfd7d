package dev.mailgate.outbox;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;
import dev.mailgate.delivery.Accounts;
import dev.mailgate.delivery.Router;
import dev.mailgate.delivery.TimeBudget;
import dev.mailgate.delivery.SenderPolicy;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.suppression.SuppressionMetrics;
import dev.mailgate.suppression.Suppressions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import dev.mailgate.store.Store;

/**
 * Sends one claimed message through the delivery path (classifier, retries of safe failures, breaker, rate limit,
 * quota, SMTP client) and turns what happened into the message's next state ({@link Outcomes}). Its content is read
 * back from the store on a worker thread; parts larger than a chunk go through temporary files, deleted afterwards.
 */
@ApplicationScoped
class Dispatcher {

    /** The next state, and whether the whole queue should wait (the provider or mailgate's own limits said so). */
    record Dispatched(QueueStore.Result result, Outcomes.Pause pause) {
        Dispatched dropping(List<Suppressions.Hit> hits) {
            return hits.isEmpty() ? this : new Dispatched(result.dropping(hits), pause);
        }
    }

    private final QueueStore queue;
    private final Store store;
    private final MailComposer composer;
    private final Router router;
    private final SenderPolicy senders;
    private final Accounts accounts;
    private final TimeBudget budget;
    private final Outcomes outcomes;
    private final ObjectMapper json;
    private final Suppressions suppressions;
    private final SuppressionMetrics suppressionMetrics;
    private volatile boolean draining;

    Dispatcher(QueueStore queue, Store store, MailComposer composer, Router router, SenderPolicy senders,
            Accounts accounts, TimeBudget budget, Outcomes outcomes, ObjectMapper json, Suppressions suppressions,
            SuppressionMetrics suppressionMetrics) {
        this.suppressions = suppressions;
        this.suppressionMetrics = suppressionMetrics;
        this.router = router;
        this.senders = senders;
        this.accounts = accounts;
        this.queue = queue;
        this.store = store;
        this.composer = composer;
        this.budget = budget;
        this.outcomes = outcomes;
        this.json = json;
    }

    /** From now on, messages that have not started their SMTP transaction are released, not sent. */
    void drain() {
        draining = true;
    }

    Uni<Dispatched> send(QueueStore.Claimed m) {
        List<File> temporary = new ArrayList<>();
        AtomicBoolean handedOver = new AtomicBoolean();
        long start = System.nanoTime();
        return Uni.createFrom().item(() -> load(m, temporary))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(mail -> screened(m, mail, handedOver, start))
                .onFailure().recoverWithItem(f -> outcomes.unreadable(m, f))
                .onTermination().invoke(() -> temporary.forEach(File::delete));
    }

    /**
     * The list is checked again now: an address may have been suppressed since the message was accepted (a retry
     * comes this way too). Its suppressed recipients are dropped; with none left, the message fails as suppressed.
     */
    private Uni<Dispatched> screened(QueueStore.Claimed m, ComposedMail mail, AtomicBoolean handedOver, long start) {
        List<Suppressions.Hit> hits = suppressions.check(mail.recipients());
        if (hits.isEmpty()) {
            return attempt(m, mail, handedOver, start);
        }
        suppressionMetrics.stopped(SuppressionMetrics.Path.QUEUE, hits.size());
        java.util.Set<String> dropped = new java.util.HashSet<>();
        hits.forEach(h -> Suppressions.key(h.address()).ifPresent(dropped::add));
        List<String> rest = mail.recipients().stream()
                .filter(r -> Suppressions.key(r).map(k -> !dropped.contains(k)).orElse(true)).toList();
        if (rest.isEmpty()) {
            return Uni.createFrom().item(outcomes.suppressed(m, hits).dropping(hits));
        }
        return attempt(m, mail.withRecipients(rest), handedOver, start).map(d -> d.dropping(hits));
    }

    private Uni<Dispatched> attempt(QueueStore.Claimed m, ComposedMail mail, AtomicBoolean handedOver, long start) {
        Duration deadline = budget.deadline(mail);
        Handoff handoff = new Handoff() {
            @Override
            public java.util.concurrent.CompletionStage<Boolean> begin() {
                handedOver.set(true);
                return queue.handoff(m.id(), m.token());
            }

            @Override
            public boolean mayStart() {
                return !draining; // at shutdown, what has not started goes back to the queue
            }
        };
        // The accounts are chosen now, by today's rules: the stored message's key and From decide which may send it.
        List<String> eligible = senders.accountsFor(mail, m.apiKey());
        if (eligible.isEmpty()) {
            return Uni.createFrom().item(outcomes.refused(m, "No SMTP account may send as " + mail.sender()
                    + " for this API key any more (the sender rules changed after the message was accepted)."));
        }
        boolean everyAccount = eligible.size() == accounts.all().size();
        List<StoredMessage.Attempt> passed = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Now as the deadline: a closed throttle gate defers the message instead of holding a worker slot.
        return router.send(mail, eligible, Instant.now(), handoff, step -> passed.add(new StoredMessage.Attempt(
                step.at(), step.outcome(), step.smtpCode(), step.smtpReply(), 0, step.account())))
                .ifNoItem().after(deadline).failWith(() -> new DispatchTimeoutException(deadline))
                .map(delivered -> outcomes.sent(m, mail, delivered, elapsed(start)))
                .onFailure().recoverWithItem(f -> outcomes.failed(m, mail, f, handedOver.get(), elapsed(start),
                        everyAccount))
                .map(d -> withPassed(d, mail, passed));
    }

    /**
     * The accounts passed over go into the attempt log before the one that decided. A deferral (no attempt of its
     * own) logs them, and counts its SMTP attempts, only when some were made: a deferral without any logs nothing.
     */
    private static Dispatched withPassed(Dispatched d, ComposedMail mail, List<StoredMessage.Attempt> passed) {
        QueueStore.Result r = d.result();
        if (passed.isEmpty()) {
            return d;
        }
        if (r.attempt() != null) {
            return new Dispatched(r.after(passed), d.pause());
        }
        int made = mail.attempts().get();
        return made == 0 ? d : new Dispatched(new QueueStore.Result(r.status(), r.nextAttemptAt(), r.error(), null,
                made, r.sender(), List.copyOf(passed)), d.pause());
    }

    /** The stored draft composed again, with its own Message-ID and Date. Blocking: runs on a worker thread. */
    private ComposedMail load(QueueStore.Claimed m, List<File> temporary) {
        try {
            StoredDraft stored = json.readValue(m.draft(), StoredDraft.class);
            MessageDraft draft;
            try (Connection c = store.connection()) {
                List<Part> parts = new ArrayList<>();
                for (StoredDraft.PartRef ref : concat(stored.attachments(), stored.inline())) {
                    Part p = PartStore.read(c, m.id(), ref);
                    if (p.file() != null) {
                        temporary.add(p.file());
                    }
                    parts.add(p);
                }
                draft = stored.toDraft(ref -> parts.get(ref.partNo()));
            }
            if (stored.raw()) {
                Part whole = draft.attachments().getFirst();
                byte[] bytes = whole.data() != null ? whole.data() : java.nio.file.Files.readAllBytes(whole.file().toPath());
                ComposedMail mail = composer.raw(dev.mailgate.compose.RawMessage.parse(bytes),
                        dev.mailgate.address.MailboxAddress.parse(stored.from()).value(), stored.to(), m.messageId(),
                        m.id());
                mail.traceparent().set(m.traceparent());
                return mail;
            }
            ComposedMail mail = composer.compose(draft, m.messageId(),
                    Instant.ofEpochMilli(stored.date()).atZone(ZoneOffset.UTC));
            mail.attempts().set(0);
            mail.traceparent().set(m.traceparent()); // its delivery joins the trace of the request that sent it
            return mail;
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("the stored message cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<StoredDraft.PartRef> concat(List<StoredDraft.PartRef> a, List<StoredDraft.PartRef> b) {
        List<StoredDraft.PartRef> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The delivery path ran past its own bounds: a safety net, judged by whether the handoff began. */
    static final class DispatchTimeoutException extends RuntimeException {
        DispatchTimeoutException(Duration deadline) {
            super("no outcome within " + deadline.toSeconds() + " s", null, false, false);
        }
    }
}
