package dev.mailgate.smtp;

/**
 * An attempt that failed before its final "." went out: in the session set-up, the envelope, or while the data was
 * being written, or it was given up then. A server discards a transaction without its final dot, so the message was
 * not delivered, and a lost connection or a timeout here is transient rather than uncertain.
 */
public final class NothingSentException extends RuntimeException {

    public NothingSentException(Throwable cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
