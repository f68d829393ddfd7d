package dev.mailgate.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.address.MailboxAddress;
import dev.mailgate.address.SenderPatterns;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.smtp.SmtpClient;
import dev.mailgate.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * One SMTP account and everything that is its own: connection pool, circuit breaker, throttle gate, rate limit,
 * bulkhead and daily quota, so that one account's trouble never slows another. {@link #send} is one message through
 * this account under its policies; {@link Router} decides which account.
 */
public final class Account {

    /** Who the account is and what it may send as. {@code from} is empty only in mock mode without a login. */
    public record Identity(String name, int priority, String provider, Optional<MailboxAddress> from,
            boolean anySender, SenderPatterns senders, String host, int port, boolean implicitTls) {

        /** host:port, for logs and health. */
        public String target() {
            return host + ":" + port;
        }
    }

    private final Identity identity;
    private final Optional<SmtpClient> client;
    private final MailTransport transport;
    private final ThrottleGate gate;
    private final DailyQuota quota;
    private final SharedRate rate;
    private final CircuitClock circuit;
    private final DeliveryState state = new DeliveryState();
    private final DeliveryMetrics metrics;
    private final TimeBudget budget;
    private final SmtpFailureClassifier classifier;
    private final Traces traces;
    private final TypedGuard<Uni<Delivered>> limits;
    private final TypedGuard<Uni<Delivered>> retryAll;
    private final TypedGuard<Uni<Delivered>> retryHere;

    Account(Identity identity, Optional<SmtpClient> client, MailTransport transport, ThrottleGate gate,
            DailyQuota quota, SharedRate rate, CircuitClock circuit, AccountPolicy policy, DeliveryMetrics metrics,
            TimeBudget budget, SmtpFailureClassifier classifier, Traces traces) {
        this.identity = identity;
        this.client = client;
        this.transport = transport;
        this.gate = gate;
        this.quota = quota;
        this.rate = rate;
        this.circuit = circuit;
        this.metrics = metrics;
        this.budget = budget;
        this.classifier = classifier;
        this.traces = traces;
        this.limits = policy.limits(identity.name(), circuit);
        RetryableFailure retryable = new RetryableFailure();
        String guard = "dev.mailgate.delivery.Account/" + identity.name();
        this.retryAll = policy.retries(guard + "/retry", retryable);
        // With another account to go to, only what a new attempt here can fix is retried here (a stale connection,
        // a 4xx inside the session); the account's own faults go to the next account at once.
        this.retryHere = policy.retries(guard + "/retry-before-failover",
                t -> retryable.test(t) && !Failover.accountFault(t));
    }

    public String name() {
        return identity.name();
    }

    public Identity identity() {
        return identity;
    }

    public ThrottleGate gate() {
        return gate;
    }

    public DailyQuota quota() {
        return quota;
    }

    public CircuitClock circuit() {
        return circuit;
    }

    public DeliveryState state() {
        return state;
    }

    Optional<SmtpClient> client() {
        return client;
    }

    /** Whether a request's explicit From may go out through this account: its own address, or one of its senders. */
    public boolean maySendAs(MailboxAddress from) {
        if (identity.anySender() || identity.from().map(f -> f.sameMailbox(from)).orElse(false)) {
            return true;
        }
        return identity.senders().matches(from);
    }

    /**
     * One message through this account: Retry(CircuitBreaker(RateLimit(Bulkhead(attempt)))). Each attempt is a new
     * lazy pipeline, so a retry re-sends instead of replaying a cached result. {@code lastResort}: no account comes
     * after this one, so it retries every safe failure and waits for its throttle gate while the deadline allows;
     * otherwise it gives its own faults back at once for the next account.
     */
    Uni<Delivered> send(ComposedMail composed, Instant deadline, Handoff handoff, boolean lastResort) {
        if (!lastResort && !gate.remaining().isZero()) {
            // Skipped at once, before its limits: a closed gate must not use up the account's permits.
            return Uni.createFrom().failure(gate.closed().attempts(composed.attempts().get()).account(name()));
        }
        Instant gateDeadline = lastResort ? deadline : Instant.now();
        return (lastResort ? retryAll : retryHere).get(() -> limits.get(() -> gate.pass(gateDeadline, budget.reserve())
                .onFailure(ThrottledException.class).invoke(t -> ((ThrottledException) t).attempts(composed.attempts().get()))
                .chain(() -> attempt(composed, handoff))))
                .onFailure(CircuitBreakerOpenException.class::isInstance)
                .transform(f -> new AccountCircuitOpenException(name(), circuit.secondsUntilHalfOpen()))
                .onFailure(DeliveryException.class).invoke(f -> ((DeliveryException) f).account(name()));
    }

    /**
     * Takes a slot of the account's rate limit and one message of its daily quota (both shared by every replica on
     * PostgreSQL), then sends. The quota is given back when the attempt certainly delivered nothing.
     */
    private Uni<Delivered> attempt(ComposedMail composed, Handoff handoff) {
        return rate.take()
                .chain(quota::reserve)
                .chain(day -> transfer(composed, handoff)
                        .onFailure(Account::nothingDelivered).invoke(() -> quota.release(day)));
    }

    private Uni<Delivered> transfer(ComposedMail composed, Handoff handoff) {
        int attempt = composed.attempts().incrementAndGet();
        metrics.attemptStarted();
        // One span per SMTP attempt, in the trace of the request that sent the message (even hours later).
        Span span = traces.client("smtp attempt", composed.traceparent().get())
                .setAttribute("mailgate.smtp.account", name()).setAttribute("mailgate.attempt", attempt).startSpan();
        return transport.send(composed, budget.attempt(composed), gate.recentlyThrottled(), handoff)
                .onFailure().transform(f -> classifier.classify(f).attempts(attempt).account(name()))
                .onItemOrFailure().invoke((ok, f) -> AttemptSpans.ended(span, f))
                .onItemOrFailure().invoke((ok, f) -> metrics.attempt(name(), f))
                .onFailure(DeliveryException.class).invoke(e -> failed((DeliveryException) e))
                .invoke(() -> {
                    state.success();
                    gate.cleared();
                })
                .onTermination().invoke(metrics::attemptEnded)
                .replaceWith(() -> new Delivered(composed.messageId(), composed.recipients(), attempt, name(),
                        composed.sender()));
    }

    /** After the final dot, or when mailgate cannot tell, the message counts as sent for the quota. */
    private static boolean nothingDelivered(Throwable f) {
        return f instanceof DeliveryException d && d.outcome() != Outcome.UNCERTAIN && d.outcome() != Outcome.TIMEOUT;
    }

    private void failed(DeliveryException e) {
        state.failure(e);
        if (e.outcome() == Outcome.RATE_LIMITED) {
            gate.throttled(e);
            e.retryAfterSeconds(gate.retryAfterSeconds());
        }
    }
}
