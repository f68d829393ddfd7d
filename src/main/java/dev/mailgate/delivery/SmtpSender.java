package dev.mailgate.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.security.SecretScrubber;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RateLimit;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hands composed mail to the {@link MailTransport} under the delivery policies, and classifies the result.
 * <p>
 * SmallRye nests the policies as Retry(CircuitBreaker(RateLimit(Bulkhead(attempt)))): every attempt counts in the
 * breaker and takes a rate-limit permit. Each policy can be tuned with
 * {@code quarkus.fault-tolerance."dev.mailgate.delivery.SmtpSender/send".<policy>.<property>}. Only outages count
 * toward opening the breaker; a provider that asks to slow down closes the {@link ThrottleGate} instead.
 */
@ApplicationScoped
public class SmtpSender {

    static final String IDENTIFIER = "dev.mailgate.delivery.SmtpSender/send";
    static final String BREAKER = "smtp";
    static final long BREAKER_DELAY_MS = 30_000;
    static final int RATE = 60;

    private final MailTransport transport;
    private final TimeBudget budget;
    private final DeliveryState state;
    private final DailyQuota quota;
    private final SharedRate rate;
    private final DeliveryMetrics metrics;
    private final ThrottleGate gate;
    private final SmtpFailureClassifier classifier;
    private final Traces traces;
    private final String account;

    public SmtpSender(MailTransport transport, TimeBudget budget, DeliveryState state, DailyQuota quota,
            SharedRate rate, DeliveryMetrics metrics, ThrottleGate gate, SecretScrubber scrubber, Traces traces,
            @ConfigProperty(name = "quarkus.mailer.username") java.util.Optional<String> account) {
        this.traces = traces;
        this.account = account.orElse("");
        this.transport = transport;
        this.budget = budget;
        this.state = state;
        this.quota = quota;
        this.rate = rate;
        this.metrics = metrics;
        this.gate = gate;
        this.classifier = new SmtpFailureClassifier(scrubber);
    }

    /**
     * One attempt per call; the retry policy calls again for the next one. Each call builds a new lazy pipeline, so a
     * retry re-sends instead of replaying a cached result, and the Message-ID fixed in {@code composed} stays the same.
     * Only failures where nothing was delivered are retried ({@link RetryableFailure}). A timed-out attempt is retried
     * only when its transaction had not begun (then the transport cancels it); once it has, the abandoned send may still
     * complete, so it is not. While the provider throttles, an attempt first waits for the gate, if that fits before
     * {@code deadline}. {@code handoff} is asked before each final dot (the outbox's durable mark).
     */
    @Retry(maxRetries = 3, delay = 500, jitter = 0, maxDuration = 20_000, durationUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(SmtpBackoff.class)
    @CircuitBreaker(requestVolumeThreshold = 5, failureRatio = 0.8, delay = BREAKER_DELAY_MS, successThreshold = 1,
            skipOn = { DeliveryException.NotAnOutage.class, QuotaExceededException.class, RateLimitException.class,
                    BulkheadException.class, LimitsUnavailableException.class })
    @CircuitBreakerName(BREAKER)
    @RateLimit(value = RATE, window = 1, windowUnit = ChronoUnit.MINUTES, type = RateLimitType.ROLLING)
    @Bulkhead(value = 8, waitingTaskQueue = 64)
    public Uni<Delivered> send(ComposedMail composed, Instant deadline, Handoff handoff) {
        return gate.pass(deadline, budget.reserve())
                .onFailure(ThrottledException.class).invoke(t -> ((ThrottledException) t).attempts(composed.attempts().get()))
                .chain(() -> attempt(composed, handoff));
    }

    /**
     * Takes a slot of the provider rate limit and one message of the daily quota (both shared by every replica on
     * PostgreSQL), then sends. The quota is given back when the attempt certainly delivered nothing.
     */
    private Uni<Delivered> attempt(ComposedMail composed, Handoff handoff) {
        return rate.take()
                .chain(quota::reserve)
                .chain(day -> transfer(composed, handoff)
                        .onFailure(SmtpSender::nothingDelivered).invoke(() -> quota.release(day)));
    }

    private Uni<Delivered> transfer(ComposedMail composed, Handoff handoff) {
        int attempt = composed.attempts().incrementAndGet();
        metrics.attemptStarted();
        // One span per SMTP attempt, in the trace of the request that sent the message (even hours later).
        Span span = traces.client("smtp attempt", composed.traceparent().get())
                .setAttribute("mailgate.smtp.account", account).setAttribute("mailgate.attempt", attempt).startSpan();
        return transport.send(composed, budget.attempt(composed), gate.recentlyThrottled(), handoff)
                .onFailure().transform(f -> classifier.classify(f).attempts(attempt))
                .onItemOrFailure().invoke((ok, f) -> ended(span, f))
                .onFailure(DeliveryException.class).invoke(e -> failed((DeliveryException) e))
                .invoke(() -> {
                    state.success();
                    gate.cleared();
                })
                .onTermination().invoke(metrics::attemptEnded)
                .replaceWith(() -> new Delivered(composed.messageId(), composed.recipients(), attempt));
    }

    /** The attempt's outcome, its SMTP reply code, and how far it got: before the final dot, past it, or unknown. */
    private static void ended(Span span, Throwable f) {
        if (f instanceof DeliveryException d) {
            span.setAttribute("mailgate.outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (d.smtpCode() != null) {
                span.setAttribute("mailgate.smtp.code", d.smtpCode());
            }
            span.setAttribute("mailgate.smtp.phase", switch (d.outcome()) {
                case UNCERTAIN -> "after-final-dot";
                case TIMEOUT -> "unknown";
                default -> "before-final-dot";
            });
            span.setStatus(StatusCode.ERROR, d.getMessage() == null ? "" : d.getMessage());
        } else if (f != null) {
            span.setAttribute("mailgate.outcome", "error");
            span.setStatus(StatusCode.ERROR);
        } else {
            span.setAttribute("mailgate.outcome", "sent").setAttribute("mailgate.smtp.code", 250L)
                    .setAttribute("mailgate.smtp.phase", "accepted");
        }
        span.end();
    }

    /** After the final dot, or when mailgate cannot tell, the message counts as sent for the quota. */
    private static boolean nothingDelivered(Throwable f) {
        return f instanceof DeliveryException d && d.outcome() != Outcome.UNCERTAIN && d.outcome() != Outcome.TIMEOUT;
    }

    private void failed(DeliveryException e) {
        state.failure(e);
        if (e.outcome() == Outcome.RATE_LIMITED) {
            gate.throttled(e);
        }
    }
}
