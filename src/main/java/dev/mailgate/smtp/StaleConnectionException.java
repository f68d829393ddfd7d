package dev.mailgate.smtp;

/**
 * An idle pooled connection failed before the server said anything: the server had closed it while it sat in the
 * pool. Nothing was sent, and a new connection to the same server will do.
 */
public class StaleConnectionException extends Exception {

    public StaleConnectionException(Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause, false, false);
    }
}
