package dev.mailgate.delivery;

/** What happened to one delivery, as far as mailgate can know. */
public enum Outcome {
    SENT(false),
    /** 4xx or a connection failure before the message data was sent: safe to try again. */
    TRANSIENT(true),
    /** The provider is throttling us: try again, later than for TRANSIENT. */
    RATE_LIMITED(true),
    /** A recipient was refused (5xx on RCPT). */
    PERMANENT_RECIPIENT(false),
    /** The message was refused (5xx at DATA or after it). */
    PERMANENT_CONTENT(false),
    /** Wrong login or password/authorization code. */
    AUTH_FAILED(false),
    /** The sender address was refused (5xx on MAIL FROM). */
    SENDER_REJECTED(false),
    /** mailgate or the server is set up wrongly (TLS, STARTTLS, AUTH mechanisms). */
    CONFIGURATION(false),
    /** The attempt ran out of time before the server answered. */
    TIMEOUT(false),
    /** The connection was lost after the data was sent: the message may or may not have been delivered. */
    UNCERTAIN(false);

    private final boolean retryable;

    Outcome(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
