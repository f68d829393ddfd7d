package dev.mailgate.delivery;

/**
 * An attempt that failed before its SMTP transaction began (see {@link AttemptMessage}): connecting, the greeting,
 * TLS or login failed, or the attempt was given up while waiting for them. Nothing of the message reached the
 * server, so the classifier may call a lost connection transient instead of uncertain.
 */
final class NothingSentException extends RuntimeException {

    NothingSentException(Throwable cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
