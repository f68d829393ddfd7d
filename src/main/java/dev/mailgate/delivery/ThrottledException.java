package dev.mailgate.delivery;

/**
 * The provider asked mailgate to slow down, and the gate stays closed past what the send's deadline allows. Nothing
 * was sent and no connection was made; the caller is told when to come back.
 */
public class ThrottledException extends DeliveryException.NotAnOutage {

    /** {@code smtpCode} and {@code smtpReply} are the throttle reply that closed the gate, if known. */
    public ThrottledException(long retryAfterSeconds, Integer smtpCode, String smtpReply) {
        super(Outcome.RATE_LIMITED, smtpCode, smtpReply, "The SMTP provider asked mailgate to slow down"
                + (smtpReply == null ? "" : " (" + smtpReply + ")") + ", and mailgate holds mail back for another "
                + retryAfterSeconds + " s. Nothing was sent.");
        retryAfterSeconds(retryAfterSeconds);
    }
}
