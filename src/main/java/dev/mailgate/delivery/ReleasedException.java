package dev.mailgate.delivery;

/** An attempt the caller withdrew before it said a word to the server (the gateway is shutting down). Not retried. */
public class ReleasedException extends DeliveryException.NotAnOutage {

    public ReleasedException() {
        this("Released before it started: the gateway is shutting down. Nothing was sent.");
    }

    public ReleasedException(String message) {
        super(Outcome.TRANSIENT, null, null, message);
    }
}
