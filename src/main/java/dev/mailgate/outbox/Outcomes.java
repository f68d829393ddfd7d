package dev.mailgate.outbox;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.AccountCircuitOpenException;
import dev.mailgate.delivery.Delivered;
import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.QuotaExceededException;
import dev.mailgate.delivery.ReleasedException;
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
    private final OutboxMetrics metrics;
    private final Duration loginCheck;

    Outcomes(RetrySchedule schedule, OutboxMetrics metrics, MailgateConfig config) {
        this.schedule = schedule;
        this.metrics = metrics;
        this.loginCheck = config.outbox().loginCheckInterval();
    }

    Dispatcher.Dispatched sent(QueueStore.Claimed m, ComposedMail mail, Delivered d, long ms) {
        metrics.sent(m.due());
        return new Dispatcher.Dispatched(new QueueStore.Result(Status.SENT, null, null,
                new StoredMessage.Attempt(Instant.now(), "sent", 250, null, ms, d.account()), mail.attempts().get())
                .from(d.sender()), null);
    }

    /** Every recipient is on the suppression list now: failed as suppressed, never sent. */
    Dispatcher.Dispatched suppressed(QueueStore.Claimed m, java.util.List<dev.mailgate.suppression.Suppressions.Hit> hits) {
        return finalState(m, Status.FAILED, "suppressed", "Every recipient is on the suppression list: "
                + String.join(", ", hits.stream().map(h -> h.address() + " (" + h.reason().wire() + ")").toList())
                + ". Nothing was sent.", null, null, 0, 0, null);
    }

    /** No account may send it now (the sender rules changed since it was accepted): failed, not retried. */
    Dispatcher.Dispatched refused(QueueStore.Claimed m, String why) {
        return finalState(m, Status.FAILED, "sender_not_allowed", why, null, null, 0, 0, null);
    }

    /**
     * {@code everyAccount}: the message could have gone through every account, so when it must wait, the whole queue
     * waits with it; a message that only some accounts may send waits alone.
     */
    Dispatcher.Dispatched failed(QueueStore.Claimed m, ComposedMail mail, Throwable f, boolean handedOver, long ms,
            boolean everyAccount) {
        int attempts = mail.attempts().get();
        Instant now = Instant.now();
        if (f instanceof ReleasedException) {
            return defer(m, now, "shutdown", false);
        }
        if (f instanceof DeliveryException d && (d.outcome() != Outcome.RATE_LIMITED || attempts > 0)) {
            return attempted(m, d, attempts, ms, now, everyAccount);
        }
        if (f instanceof ThrottledException t) {
            return defer(m, now.plusSeconds(t.retryAfterSeconds()).plusMillis(100), "throttled", everyAccount);
        }
        if (f instanceof DeliveryException d) {
            return defer(m, now.plusSeconds(retryAfter(d)).plusMillis(100), "throttled", everyAccount);
        }
        if (f instanceof CircuitBreakerOpenException c) {
            long seconds = c instanceof AccountCircuitOpenException a ? a.retryAfterSeconds() : 30;
            return defer(m, now.plusSeconds(seconds), "circuit_open", everyAccount);
        }
        if (f instanceof RateLimitException r) {
            return defer(m, now.plusMillis(Math.max(50, r.getRetryAfterMillis())), "rate_limit", everyAccount);
        }
        if (f instanceof BulkheadException) {
            return defer(m, now.plusSeconds(1), "busy", false);
        }
        if (f instanceof dev.mailgate.delivery.LimitsUnavailableException) {
            return defer(m, now.plusSeconds(5), "store", false);
        }
        if (f instanceof QuotaExceededException q) {
            return defer(m, now.plusSeconds(q.retryAfterSeconds()), "daily_quota", everyAccount);
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
            Instant now, boolean everyAccount) {
        return switch (d.outcome()) {
            case RATE_LIMITED -> {
                // The provider asked to slow down: wait for it (the account's gate knows how long), not a failure.
                Instant until = now.plusSeconds(retryAfter(d)).plusMillis(100);
                metrics.deferred("throttled");
                yield new Dispatcher.Dispatched(pastMaxAge(m, until) ? expired(m, d, attempts, ms)
                        : new QueueStore.Result(Status.RETRYING, until, error(d), attempt(d, ms), attempts),
                        everyAccount ? new Pause(until, "throttled", false) : null);
            }
            case TRANSIENT -> retry(m, d.outcome().name().toLowerCase(java.util.Locale.ROOT), d.getMessage(),
                    d.smtpCode(), d.smtpReply(), attempts, ms, now, d.account());
            case TIMEOUT, UNCERTAIN -> finalState(m, Status.UNCERTAIN, wire(d), d.getMessage(), d.smtpCode(),
                    d.smtpReply(), attempts, ms, null, d.account());
            case AUTH_FAILED, CONFIGURATION -> everyAccount
                    ? finalState(m, Status.FAILED, wire(d), d.getMessage(), d.smtpCode(), d.smtpReply(), attempts, ms,
                            new Pause(now.plus(loginCheck), wire(d), true), d.account())
                    // Only some accounts may send it, and theirs is refused: it waits for them to be fixed (until
                    // max-age) instead of failing while the queue, which other accounts serve, runs on.
                    : retry(m, wire(d), d.getMessage(), d.smtpCode(), d.smtpReply(), attempts, ms, now, d.account());
            default -> finalState(m, Status.FAILED, wire(d), d.getMessage(), d.smtpCode(), d.smtpReply(), attempts,
                    ms, null, d.account());
        };
    }

    private static long retryAfter(DeliveryException d) {
        return d.retryAfterSeconds() == null ? 1 : d.retryAfterSeconds();
    }

    private Dispatcher.Dispatched retry(QueueStore.Claimed m, String outcome, String message, Integer code,
            String reply, int attempts, long ms, Instant now) {
        return retry(m, outcome, message, code, reply, attempts, ms, now, null);
    }

    private Dispatcher.Dispatched retry(QueueStore.Claimed m, String outcome, String message, Integer code,
            String reply, int attempts, long ms, Instant now, String account) {
        Instant next = schedule.next(m.attempts() + Math.max(1, attempts));
        StoredMessage.LastError error = new StoredMessage.LastError(outcome, message, code, reply);
        StoredMessage.Attempt attempt = new StoredMessage.Attempt(now, outcome, code, reply, ms, account);
        if (pastMaxAge(m, next)) {
            return new Dispatcher.Dispatched(new QueueStore.Result(Status.FAILED, null, gaveUp(error), attempt,
                    attempts), null);
        }
        return new Dispatcher.Dispatched(new QueueStore.Result(Status.RETRYING, next, error, attempt, attempts), null);
    }

    private Dispatcher.Dispatched finalState(QueueStore.Claimed m, Status status, String outcome, String message,
            Integer code, String reply, int attempts, long ms, Pause pause) {
        return finalState(m, status, outcome, message, code, reply, attempts, ms, pause, null);
    }

    private Dispatcher.Dispatched finalState(QueueStore.Claimed m, Status status, String outcome, String message,
            Integer code, String reply, int attempts, long ms, Pause pause, String account) {
        StoredMessage.Attempt attempt = new StoredMessage.Attempt(Instant.now(), outcome, code, reply, ms, account);
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
        return new StoredMessage.Attempt(Instant.now(), wire(d), d.smtpCode(), d.smtpReply(), ms, d.account());
    }

    private static String wire(DeliveryException d) {
        return d.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }
}
