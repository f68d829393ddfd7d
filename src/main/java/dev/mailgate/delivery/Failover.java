package dev.mailgate.delivery;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.smallrye.faulttolerance.api.RateLimitException;


/**
 * Which failures are the account's, so that the next account may deliver the message, and which are the message's.
 * The account's: its login or set-up was refused, its server cannot be reached or greeted or TLS fails, it refused
 * the sender, it throttles, or one of mailgate's limits for it (breaker, rate, quota, bulkhead, pool) is spent.
 * Nothing was delivered in any of these. The message's: a 5xx to RCPT or DATA (the next provider would refuse it too,
 * or the refusal is about the recipient), and a 4xx inside a working session, which is retried later. Anything that
 * may have passed the final dot (uncertain, timeout) is never tried elsewhere.
 */
public final class Failover {

    /** One account that could not take the message, and why: a step of its route, kept with its attempts. */
    public record Step(java.time.Instant at, String account, String outcome, Integer smtpCode, String smtpReply) {
    }

    private Failover() {
    }

    static Step step(String account, Throwable f) {
        DeliveryException d = f instanceof DeliveryException e ? e : null;
        return new Step(java.time.Instant.now(), account, outcome(f), d == null ? null : d.smtpCode(),
                d == null ? null : d.smtpReply());
    }

    /** A failure's name in the API's and the metrics' words; bounded, never request data. */
    public static String outcome(Throwable failure) {
        if (failure == null) {
            return "sent";
        }
        if (failure instanceof DeliveryException d) {
            return d.outcome().name().toLowerCase(java.util.Locale.ROOT);
        }
        return switch (failure) {
            case CircuitBreakerOpenException c -> "circuit_open";
            case RateLimitException r -> "local_rate_limit";
            case BulkheadException b -> "busy";
            case QuotaExceededException q -> "daily_quota";
            case LimitsUnavailableException l -> "store_unavailable";
            default -> "error";
        };
    }

    public static boolean accountFault(Throwable t) {
        if (t instanceof CircuitBreakerOpenException || t instanceof RateLimitException
                || t instanceof BulkheadException || t instanceof QuotaExceededException
                || t instanceof ThrottledException || t instanceof PoolBusyException) {
            return true;
        }
        if (t instanceof DeliveryException d && !(d instanceof DeliveryException.Stale)) {
            return switch (d.outcome()) {
                case AUTH_FAILED, CONFIGURATION, SENDER_REJECTED, RATE_LIMITED -> true;
                // Connection, greeting and TLS failures; a 4xx inside a working session is not an outage.
                case TRANSIENT -> !(d instanceof DeliveryException.NotAnOutage);
                default -> false;
            };
        }
        return false;
    }
}
