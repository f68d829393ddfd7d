package dev.mailgate.delivery;

import java.util.function.Predicate;

/**
 * The retry policy's only question: did nothing reach the recipient, and may it work next time? Everything else,
 * including an open circuit, a local rate limit and an uncertain outcome, goes straight back to the caller.
 */
public class RetryableFailure implements Predicate<Throwable> {
    @Override
    public boolean test(Throwable t) {
        // A closed throttle gate already knows it will not open in time; a released attempt was withdrawn on purpose.
        return t instanceof DeliveryException d && d.outcome().retryable() && !(t instanceof ThrottledException)
                && !(t instanceof ReleasedException);
    }
}
