package dev.mailgate.delivery;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** An account's circuit breaker is open; it lets a trial request through in {@code retryAfterSeconds}. */
public class AccountCircuitOpenException extends CircuitBreakerOpenException {

    private final String account;
    private final long retryAfterSeconds;

    public AccountCircuitOpenException(String account, long retryAfterSeconds) {
        super("The circuit breaker of SMTP account " + account + " is open after repeated failures; it lets a trial"
                + " request through in " + retryAfterSeconds + " s.");
        this.account = account;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String account() {
        return account;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
