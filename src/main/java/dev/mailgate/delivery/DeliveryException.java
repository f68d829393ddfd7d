package dev.mailgate.delivery;

/**
 * A failed delivery, classified. An {@link Exception} on purpose: Vert.x SMTP errors are bare {@link Throwable}s that
 * fault-tolerance {@code retryOn} defaults never match, so the sender converts them at its boundary.
 * <p>
 * Failures that are not outages are {@link NotAnOutage}s, which the circuit breaker skips: a refused recipient,
 * content or sender ({@link MessageRejectedException}: a typo in one request must not cut everybody off), a throttle,
 * or a temporary refusal from a server that is up and answering. The breaker is for servers that cannot be reached,
 * time out, fail TLS or refuse the login.
 */
public class DeliveryException extends RuntimeException {

    private final Outcome outcome;
    private final Integer smtpCode;
    private final String smtpReply;
    private int attempts = 1;
    private String account;
    private Long retryAfterSeconds;

    protected DeliveryException(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
        this.smtpCode = smtpCode;
        this.smtpReply = smtpReply;
    }

    public static DeliveryException of(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
        return switch (outcome) {
            case PERMANENT_RECIPIENT, PERMANENT_CONTENT, SENDER_REJECTED ->
                new MessageRejectedException(outcome, smtpCode, smtpReply, message);
            case RATE_LIMITED -> new NotAnOutage(outcome, smtpCode, smtpReply, message);
            default -> new DeliveryException(outcome, smtpCode, smtpReply, message);
        };
    }

    /** A temporary refusal within a working session (a 4xx to MAIL, RCPT or DATA): the server is up. */
    static DeliveryException answered(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
        return outcome == Outcome.TRANSIENT ? new NotAnOutage(outcome, smtpCode, smtpReply, message)
                : of(outcome, smtpCode, smtpReply, message);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The SMTP reply code, or null when the failure was not an SMTP reply. */
    public Integer smtpCode() {
        return smtpCode;
    }

    /** The server's reply text, with secrets removed. */
    public String smtpReply() {
        return smtpReply;
    }

    /** How many attempts were made for the message, this one included. */
    public int attempts() {
        return attempts;
    }

    DeliveryException attempts(int attempts) {
        this.attempts = attempts;
        return this;
    }

    /**
     * A pooled connection the server had closed while it was idle: nothing of the message went out, and a new
     * connection to the same account will do, so it is retried there rather than failed over.
     */
    public static class Stale extends DeliveryException {
        Stale(String message) {
            super(Outcome.TRANSIENT, null, null, message);
        }
    }

    /** The account whose attempt failed so, or null before any account was tried. */
    public String account() {
        return account;
    }

    DeliveryException account(String name) {
        this.account = name;
        return this;
    }

    /** For a throttle: when the account's gate opens again, in whole seconds; else null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    DeliveryException retryAfterSeconds(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** The provider is up: it answered, or mailgate held back because it asked to slow down. */
    public static class NotAnOutage extends DeliveryException {
        NotAnOutage(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
            super(outcome, smtpCode, smtpReply, message);
        }
    }

    /** The server refused this message; the provider itself is fine. */
    public static class MessageRejectedException extends NotAnOutage {
        MessageRejectedException(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
            super(outcome, smtpCode, smtpReply, message);
        }
    }
}
