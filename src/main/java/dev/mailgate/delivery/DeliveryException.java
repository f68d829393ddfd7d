package dev.mailgate.delivery;

/**
 * A failed delivery, classified. An {@link Exception} on purpose: Vert.x SMTP errors are bare {@link Throwable}s that
 * fault-tolerance {@code retryOn} defaults never match, so the sender converts them at its boundary.
 */
public class DeliveryException extends RuntimeException {

    private final Outcome outcome;
    private final Integer smtpCode;
    private final String smtpReply;

    public DeliveryException(Outcome outcome, Integer smtpCode, String smtpReply, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
        this.smtpCode = smtpCode;
        this.smtpReply = smtpReply;
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
}
