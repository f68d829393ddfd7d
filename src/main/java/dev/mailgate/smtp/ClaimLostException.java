package dev.mailgate.smtp;

/** The outbox's claim on the message was lost before its final dot (another process took it): nothing was sent. */
public class ClaimLostException extends IllegalStateException {

    public ClaimLostException() {
        super("the message's claim was lost before its final dot; nothing was sent");
    }
}
