package dev.mailgate.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.delivery.Delivered;
import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.DeliveryMetrics;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.Router;
import dev.mailgate.delivery.TimeBudget;
import dev.mailgate.outbox.Outbox;
import dev.mailgate.outbox.QueueStore;
import dev.mailgate.outbox.SyncClaims;
import dev.mailgate.outbox.Status;
import dev.mailgate.outbox.StoredMessage;
import dev.mailgate.delivery.SenderPolicy;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.tracing.Traces;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A send request from validation to answer: validate, compose (fixing the Message-ID), apply the sender policy, then
 * either store it and answer 202 (asynchronous or scheduled), or deliver it now and answer with the outcome, leaving
 * a record behind the response.
 */
@ApplicationScoped
public class SendFlow {

    private static final Logger LOG = Logger.getLogger(SendFlow.class);

    private final DraftValidator validator;
    private final MailComposer composer;
    private final SenderPolicy senders;
    private final Router router;
    private final DeliveryMetrics metrics;
    private final TimeBudget budget;
    private final Outbox outbox;
    private final SyncClaims claims;
    private final Idempotency idempotency;
    private final ProblemMappers problems;
    private final SuppressionScreen screen;

    public SendFlow(DraftValidator validator, MailComposer composer, SenderPolicy senders, Router router,
            DeliveryMetrics metrics, TimeBudget budget, Outbox outbox, SyncClaims claims, Idempotency idempotency,
            ProblemMappers problems, SuppressionScreen screen) {
        this.screen = screen;
        this.validator = validator;
        this.composer = composer;
        this.senders = senders;
        this.router = router;
        this.metrics = metrics;
        this.budget = budget;
        this.outbox = outbox;
        this.claims = claims;
        this.idempotency = idempotency;
        this.problems = problems;
    }

    /** The response: 200 with the outcome, or 202 with where to look it up. Failures are problem exceptions. */
    Uni<Response> send(RequestConverter.Converted request, boolean async, Optional<String> key,
            Optional<Idempotency.Keyed> keyed) {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        return Uni.createFrom().item(() -> validator.validate(request.draft(), request.errors()))
                .map(draft -> screen.screen(draft, request.skipSuppressed(), null))
                .map(screened -> {
                    ComposedMail mail = composer.compose(screened.draft());
                    MDC.put("messageId", mail.messageId());
                    mail.traceparent().set(Traces.current());
                    return new Composed(mail.draft(), mail, senders.check(mail), screened.skipped());
                })
                .chain(c -> async || request.sendAt() != null
                        ? accept(c, key, Optional.ofNullable(request.sendAt()), keyed)
                        : keyed.isPresent() ? deliverKeyed(c, key, keyed.get(), start)
                                : deliver(c, key, start, startedAt));
    }

    /**
     * The message, the accounts it may go through (the sender policy's answer), and the recipients left out because
     * they are suppressed (null when none were).
     */
    private record Composed(MessageDraft draft, ComposedMail mail, List<String> accounts,
            List<SuppressedRecipient> skipped) {
    }

    /**
     * 202 only once the message is on the disk: a crash right after it loses nothing. With a key, the key and the
     * response it will replay are stored in the same transaction; a key another request holds answers instead.
     */
    private Uni<Response> accept(Composed c, Optional<String> key, Optional<Instant> sendAt,
            Optional<Idempotency.Keyed> keyed) {
        String id = Outbox.id(c.mail());
        Response accepted = Response.accepted(new AcceptedResponse(id, c.mail().messageId(),
                Outbox.initialStatus(sendAt).wire(), c.skipped())).location(URI.create("/api/v1/messages/" + id))
                .header("Preference-Applied", "respond-async").build();
        return Uni.createFrom().completionStage(() -> outbox.acceptAll(List.of(new Outbox.Queued(c.mail(), c.draft(),
                sendAt)), key, keyed.map(k -> idempotency.claim(k, id, accepted))))
                .chain(held -> {
                    if (held.isPresent()) {
                        return idempotency.answerLater(keyed.orElseThrow(), held.get());
                    }
                    LOG.infof("accepted (%s)%s", Outbox.initialStatus(sendAt).wire(),
                            sendAt.map(t -> " for " + t).orElse(""));
                    return Uni.createFrom().item(accepted);
                });
    }

    /**
     * A synchronous send with a key: stored and claimed first ({@link SyncClaims}), the final dot behind the durable
     * handoff mark, and the outcome stored with the response. Outcomes where something may have reached the server,
     * or was refused for good, are kept for replay; where nothing was sent (throttled, unreachable, login failed),
     * the key is freed, so that a retry with it really tries again.
     */
    private Uni<Response> deliverKeyed(Composed c, Optional<String> key, Idempotency.Keyed k, long start) {
        ComposedMail mail = c.mail();
        String id = Outbox.id(mail);
        // Runs to its end even if the caller hangs up: a claim taken and never finished would hold the message and
        // the key in flight until a restart. Memoized, so the caller and this subscription share the one run.
        Uni<Response> run = Uni.createFrom().completionStage(() -> claims.start(mail, c.draft(), key,
                idempotency.claim(k, id, null)))
                .chain(started -> started.existing().isPresent()
                        ? idempotency.answerLater(k, started.existing().get())
                        : sendHeld(mail, c.accounts(), started.held().orElseThrow(), start, c.skipped()))
                .memoize().indefinitely();
        run.subscribe().with(r -> {
        }, f -> {
        });
        return run;
    }

    private Uni<Response> sendHeld(ComposedMail mail, List<String> accounts, SyncClaims.Held held, long start,
            List<SuppressedRecipient> skipped) {
        String id = Outbox.id(mail);
        AtomicBoolean handedOver = new AtomicBoolean();
        Handoff mark = claims.handoff(held);
        return delivery(mail, accounts, start, () -> {
            handedOver.set(true);
            return mark.begin();
        })
                .map(d -> new Settled(Response.ok(new MessageResponse(id, d.messageId(), "sent", d.accepted(),
                        d.attempts(), millis(start), d.account()).skipping(skipped)).build(),
                        result(mail, d, null, start, false), true))
                .onFailure().recoverWithItem(f -> new Settled(problems.sendFailed(new SendFailedException(id, f)),
                        result(mail, null, f, start, handedOver.get()), kept(f)))
                // Whatever went wrong above, the claim is still finished: a claim left held keeps its key in flight.
                .onFailure().recoverWithItem(f -> new Settled(problems.unexpected(f), result(mail, null, f, start,
                        handedOver.get()), true))
                .chain(s -> Uni.createFrom().completionStage(() -> claims.finish(held, s.result(),
                        s.kept() ? Optional.of(idempotency.capture(s.response())) : Optional.empty()))
                        // A store that failed for a moment gets two more tries: until the outcome is written, a
                        // retry with the key is answered from the row, which recovery settles by the three-way rule.
                        .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(2)
                        .onFailure().recoverWithItem(e -> {
                            LOG.errorf("the outcome of %s could not be stored: %s", id, e.getMessage());
                            return true;
                        })
                        .chain(applied -> applied ? Uni.createFrom().item(s.response())
                                : idempotency.answerFromMessage(id)));
    }

    /** A keyed send's answer, its record, and whether a retry with the key replays it (or sends again). */
    private record Settled(Response response, QueueStore.Result result, boolean kept) {
    }

    /**
     * Whether a retry with the key replays this answer. Only failures known to have sent nothing free the key: the
     * SMTP client's own verdicts that nothing was delivered, and mailgate's limits, which refuse before any SMTP.
     * Anything unexpected keeps it: a retry must never send what may have gone out.
     */
    private static boolean kept(Throwable f) {
        if (f instanceof DeliveryException d) {
            return switch (d.outcome()) {
                case PERMANENT_RECIPIENT, PERMANENT_CONTENT, UNCERTAIN, TIMEOUT -> true;
                default -> false;
            };
        }
        return !(f instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException
                || f instanceof io.smallrye.faulttolerance.api.RateLimitException
                || f instanceof org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException
                || f instanceof dev.mailgate.delivery.QuotaExceededException
                || f instanceof dev.mailgate.delivery.LimitsUnavailableException);
    }

    /** {@code handedOver}: the transaction began, so an unexpected failure may have come after the final dot. */
    private static QueueStore.Result result(ComposedMail mail, Delivered delivered, Throwable f, long start,
            boolean handedOver) {
        long ms = millis(start);
        int attempts = mail.attempts().get();
        if (f == null) {
            return new QueueStore.Result(Status.SENT, null, null,
                    new StoredMessage.Attempt(Instant.now(), "sent", 250, null, ms, delivered.account()), attempts)
                    .from(delivered.sender());
        }
        String outcome = outcome(f);
        Integer code = f instanceof DeliveryException d ? d.smtpCode() : null;
        String reply = f instanceof DeliveryException d ? d.smtpReply() : null;
        Status status = f instanceof DeliveryException d ? (d.outcome() == Outcome.UNCERTAIN
                || d.outcome() == Outcome.TIMEOUT ? Status.UNCERTAIN : Status.FAILED)
                : kept(f) && handedOver ? Status.UNCERTAIN : Status.FAILED;
        return new QueueStore.Result(status, null, new StoredMessage.LastError(outcome, f.getMessage(), code, reply),
                new StoredMessage.Attempt(Instant.now(), outcome, code, reply, ms, account(f)), attempts);
    }

    private Uni<Response> deliver(Composed c, Optional<String> key, long start, Instant startedAt) {
        ComposedMail mail = c.mail();
        String id = Outbox.id(mail);
        // The record is written even if the caller hangs up meanwhile: the send happened.
        Uni<Delivered> recorded = delivery(mail, c.accounts(), start, Handoff.NONE)
                .invoke(d -> outbox.recordSync(mail, c.draft().subject(), key, Status.SENT, null, startedAt,
                        d.account(), d.sender()))
                .onFailure().invoke(f -> recordFailure(c, key, f, startedAt))
                .memoize().indefinitely();
        recorded.subscribe().with(d -> {
        }, f -> {
        });
        return recorded
                .onFailure().transform(f -> new SendFailedException(id, f))
                .map(d -> Response.ok(new MessageResponse(id, d.messageId(), "sent", d.accepted(), d.attempts(),
                        millis(start), d.account()).skipping(c.skipped())).build());
    }

    /**
     * The deadline sits inside the outcome recording, so a send it cuts off is counted and logged too. The delivery runs
     * to its end even if the HTTP client hangs up: a half-cancelled send would leave the message's fate unknown to
     * everyone, while a finished one is in the log and the metrics. Memoized so that the caller and the delivery's own
     * subscription share one run (one send), not two.
     */
    private Uni<Delivered> delivery(ComposedMail mail, List<String> accounts, long start, Handoff handoff) {
        Duration deadline = budget.deadline(mail);
        Uni<Delivered> delivery = router.send(mail, accounts, Instant.now().plus(deadline), handoff)
                .ifNoItem().after(deadline).failWith(() -> DeliveryException.of(Outcome.TIMEOUT, null, null,
                        "No outcome within the " + deadline.toSeconds() + " s deadline (mailgate.delivery.deadline,"
                                + " plus upload time for large messages). The message may still have been delivered."))
                .onItemOrFailure().invoke((d, f) -> finished(mail, d, f, start))
                .memoize().indefinitely();
        delivery.subscribe().with(d -> {
        }, f -> {
        });
        return delivery;
    }

    private void recordFailure(Composed c, Optional<String> key, Throwable f, Instant startedAt) {
        String outcome = outcome(f);
        Integer code = f instanceof DeliveryException d ? d.smtpCode() : null;
        String reply = f instanceof DeliveryException d ? d.smtpReply() : null;
        Status status = f instanceof DeliveryException d && (d.outcome() == Outcome.UNCERTAIN
                || d.outcome() == Outcome.TIMEOUT) ? Status.UNCERTAIN : Status.FAILED;
        outbox.recordSync(c.mail(), c.draft().subject(), key, status,
                new StoredMessage.LastError(outcome, f.getMessage(), code, reply), startedAt, account(f), null);
    }

    /** One metric and one log line per message; addresses are never logged. */
    private void finished(ComposedMail mail, Delivered d, Throwable failure, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String outcome = outcome(failure);
        String account = d != null ? d.account() : account(failure);
        metrics.record(outcome, took, mail.attempts().get(), account);
        if (failure == null) {
            LOG.infof("sent to %d recipient(s) through account %s in %d attempt(s), %d ms",
                    mail.recipients().size(), account, mail.attempts().get(), took.toMillis());
        } else {
            LOG.warnf("not sent (%s, account %s) after %d attempt(s), %d ms: %s", outcome, account,
                    mail.attempts().get(), took.toMillis(), failure.getMessage());
        }
    }

    /** The account a failure came from, when one was tried. */
    static String account(Throwable f) {
        return f instanceof DeliveryException d ? d.account()
                : f instanceof dev.mailgate.delivery.AccountCircuitOpenException c ? c.account() : null;
    }

    /** The metric label for a final outcome; bounded, never request data. */
    static String outcome(Throwable failure) {
        return dev.mailgate.delivery.Failover.outcome(failure);
    }

    private static long millis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
