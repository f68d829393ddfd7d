package dev.mailgate.delivery;

/**
 * The shared quota or rate limit could not be read from the store (PostgreSQL failing over, say). Nothing was sent,
 * and it says nothing about the SMTP provider, so the circuit breaker does not count it.
 */
public class LimitsUnavailableException extends RuntimeException {

    public LimitsUnavailableException(String what, Throwable cause) {
        super("the shared " + what + " could not be checked in the store (" + cause.getMessage() + "); nothing was sent",
                cause);
    }
}
