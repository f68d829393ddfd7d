package dev.mailgate.delivery;

/** An attempt the caller withdrew before it said a word to the server (the gateway is shutting down). Not retried. */
public class ReleasedException extends DeliveryException.NotAnOutage {

    public ReleasedException() {
        super(Outcome.TRANSIENT, null, null, "Released before it started: the gateway is shutting down. Nothing was sent.");
    }
}
