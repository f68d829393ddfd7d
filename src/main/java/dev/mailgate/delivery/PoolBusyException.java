package dev.mailgate.delivery;

import java.time.Duration;

/**
 * An attempt that spent its whole time waiting for one of mailgate's pooled connections: nothing was said to the
 * server, so it is transient (retried) but not an outage (the circuit breaker does not count it).
 */
public class PoolBusyException extends DeliveryException.NotAnOutage {

    public PoolBusyException(Duration waited) {
        super(Outcome.TRANSIENT, null, null, "All SMTP connections stayed busy for " + waited.toMillis() + " ms, so"
                + " mailgate gave up waiting for one. Nothing was sent.");
    }
}
