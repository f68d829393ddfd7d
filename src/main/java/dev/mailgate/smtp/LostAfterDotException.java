package dev.mailgate.smtp;

/**
 * The connection failed after the final dot and before the server's reply (a reset, a TLS alert, anything that is not
 * the server answering): the server may have the message. Never retried, never sent through another account.
 */
public class LostAfterDotException extends Exception {

    public LostAfterDotException(Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause, false, false);
    }
}
