package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.CircuitClock;
import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.QuotaExceededException;
import dev.mailgate.delivery.ReleasedException;
import dev.mailgate.delivery.ThrottleGate;
import dev.mailgate.delivery.ThrottledException;
import io.smallrye.faulttolerance.api.RateLimitException;

/**
 * What a dispatch's result means for the message. Sent, refused for good, or uncertain: final. A transient failure:
 * retried on the {@link RetrySchedule}. Throttling, mailgate's rate limit, an open breaker, a full bulkhead and the
 * daily quota: the message is deferred, not failed, and the whole queue waits ({@link Pause}), so that the worker
 * drains at the pace the provider allows instead of trying and failing. Past max-age, a message that would wait
 * again is failed with its last error.
 */
@ApplicationScoped
class Outcomes {

    /** The queue waits until {@code until}; with {@code probe}, until a login to the SMTP server works again. */
    record Pause(Instant until, String cause, boolean probe) {
    }

    private final RetrySchedule schedule;
    private final ThrottleGate gate;
    private final CircuitClock circuit;
    private final OutboxMetrics metrics;
    private final Duration loginCheck;

    Outcomes(RetrySchedule schedule, ThrottleGate gate, CircuitClock circuit, OutboxMetrics metrics,
            MailgateConfig config) {
        this.schedule = schedule;
        this.gate = gate;
        this.circuit = circuit;
        this.metrics = metrics;
        this.loginCheck = config.outbox().loginCheckInterval();
    }

    Dispatcher.Dispatched sent(QueueStore.Claimed m, ComposedMail mail, long ms) {
        metrics.sent(m.due());
        return new Dispatcher.Dispatched(new QueueStore.Result(Status.SENT, null, null,
                new StoredMessage.Attempt(Instant.now(), "sent", 250, null, ms), mail.attempts().get()), null);
    }

    Dispatcher.Dispatched failed(QueueStore.Claimed m, ComposedMail mail, Throwable f, boolean handedOver, long ms) {
        int attempts = mail.attempts().get();
        Instant now = Instant.now();
        if (f instanceof ReleasedException) {
            return defer(m, now, "shutdown", false);
        }
        if (f instanceof DeliveryException d && (d.outcome() != Outcome.RATE_LIMITED || attempts > 0)) {
            return attempted(m, d, attempts, ms, now);
        }
        if (f instanceof ThrottledException || f instanceof DeliveryException) {
            return defer(m, now.plus(gate.remaining()).plusMillis(100), "throttled", true);
        }
        if (f instanceof CircuitBreakerOpenException) {
            return defer(m, now.plusSeconds(circuit.secondsUntilHalfOpen()), "circuit_open", true);
        }
        if (f instanceof RateLimitException r) {
            return defer(m, now.plusMillis(Math.max(50, r.getRetryAfterMillis())), "rate_limit", true);
        }
        if (f instanceof BulkheadException) {
            return defer(m, now.plusSeconds(1), "busy", false);
        }
        if (f instanceof dev.mailgate.delivery.LimitsUnavailableException) {
            return defer(m, now.plusSeconds(5), "store", false);
        }
        if (f instanceof QuotaExceededException q) {
            return defer(m, now.plusSeconds(q.retryAfterSeconds()), "daily_quota", true);
        }
        if (f instanceof Dispatcher.DispatchTimeoutException && handedOver) {
            return finalState(m, Status.UNCERTAIN, "timeout", f.getMessage() + " after the message may have been"
                    + " handed over; it is not re-sent automatically", null, null, attempts, ms, null);
        }
        return retry(m, "transient", f.getMessage(), null, null, Math.max(attempts, 1), ms, now);
    }

    /** The stored message could not be read back or composed: kept, and tried again later. */
    Dispatcher.Dispatched unreadable(QueueStore.Claimed m, Throwable f) {
        return retry(m, "transient", f.getMessage(), null, null, 0, 0, Instant.now());
    }

    private Dispatcher.Dispatched attempted(QueueStore.Claimed m, DeliveryException d, int attempts, long ms,
            Instant now) {
        return switch (d.outcome()) {
            case RATE_LIMITED -> {
                // The provider asked to slow down: wait for it (the gate knows how long), not a failure.
                Instant until = now.plus(gate.remaining()).plusMillis(100);
                metrics.deferred("throttled");
                yield new Dispatcher.Dispatched(pastMaxAge(m, until) ? expired(m, d, attempts, ms)
                        : new QueueStore.Result(Status.RETRYING, until, error(d), attempt(d, ms), attempts),
                        new Pause(until, "throttled", false));
            }
            case TRANSIENT -> retry(m, d.outcome().name().toLowerCase(java.util.Locale.ROOT), d.getMessage(),
                    d.smtpCode(), d.smtpReply(), attempts, ms, now);
            case TIMEOUT, UNCERTAIN -> finalState(m, Status.UNCERTAIN, wire(d), d.getMessage(), d.smtpCode(),
                    d.smtpReply(), attempts, ms, null);
            case AUTH_FAILED, CONFIGURATION -> finalState(m, Status.FAILED, wire(d), d.getMessage(), d.smtpCode(),
                    d.smtpReply(), attempts, ms, new Pause(now.plus(loginCheck), wire(d), true));
            default -> finalState(m, Status.FAILED, wire(d), d.getMessage(), d.smtpCode(), d.smtpReply(), attempts,
                    ms, null);
        };
    }

    private Dispatcher.Dispatched retry(QueueStore.Claimed m, String outcome, String message, Integer code,
            String reply, int attempts, long ms, Instant now) {
        Instant next = schedule.next(m.attempts() + Math.max(1, attempts));
        StoredMessage.LastError error = new StoredMessage.LastError(outcome, message, code, reply);
        StoredMessage.Attempt attempt = new StoredMessage.Attempt(now, outcome, code, reply, ms);
        if (pastMaxAge(m, next)) {
            return new Dispatcher.Dispatched(new QueueStore.Result(Status.FAILED, null, gaveUp(error), attempt,
                    attempts), null);
        }
        return new Dispatcher.Dispatched(new QueueStore.Result(Status.RETRYING, next, error, attempt, attempts), null);
    }

    private Dispatcher.Dispatched finalState(QueueStore.Claimed m, Status status, String outcome, String message,
            Integer code, String reply, int attempts, long ms, Pause pause) {
        StoredMessage.Attempt attempt = new StoredMessage.Attempt(Instant.now(), outcome, code, reply, ms);
        return new Dispatcher.Dispatched(new QueueStore.Result(status, null,
                new StoredMessage.LastError(outcome, message, code, reply), attempt, attempts), pause);
    }

    /** Not an attempt: the message waits with its status unchanged (scheduled ones are due, so queued). */
    private Dispatcher.Dispatched defer(QueueStore.Claimed m, Instant until, String cause, boolean wholeQueue) {
        metrics.deferred(cause);
        Pause pause = wholeQueue ? new Pause(until, cause, false) : null;
        if (pastMaxAge(m, until)) {
            StoredMessage.LastError error = new StoredMessage.LastError(cause, "deferred (" + cause + ") past"
                    + " mailgate.outbox.max-age", null, null);
            return new Dispatcher.Dispatched(new QueueStore.Result(Status.FAILED, null, gaveUp(error),
                    new StoredMessage.Attempt(Instant.now(), cause, null, null, 0), 0), pause);
        }
        Status back = m.attempts() > 0 ? Status.RETRYING : Status.QUEUED;
        return new Dispatcher.Dispatched(QueueStore.Result.deferred(back, until), pause);
    }

    private QueueStore.Result expired(QueueStore.Claimed m, DeliveryException d, int attempts, long ms) {
        return new QueueStore.Result(Status.FAILED, null, gaveUp(error(d)), attempt(d, ms), attempts);
    }

    private static boolean pastMaxAge(QueueStore.Claimed m, Instant next) {
        return m.expiresAt() != null && next.isAfter(m.expiresAt());
    }

    private static StoredMessage.LastError gaveUp(StoredMessage.LastError last) {
        return new StoredMessage.LastError(last.outcome(), "not sent within mailgate.outbox.max-age; the last"
                + " attempt: " + last.message(), last.smtpCode(), last.smtpReply());
    }

    private static StoredMessage.LastError error(DeliveryException d) {
        return new StoredMessage.LastError(wire(d), d.getMessage(), d.smtpCode(), d.smtpReply());
    }

    private static StoredMessage.Attempt attempt(DeliveryException d, long ms) {
        return new StoredMessage.Attempt(Instant.now(), wire(d), d.smtpCode(), d.smtpReply(), ms);
    }

    private static String wire(DeliveryException d) {
        return d.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }
}
