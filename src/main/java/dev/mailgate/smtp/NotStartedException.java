package dev.mailgate.smtp;

/** The attempt was not started: its {@link Handoff} said no before a single command was sent. Nothing was sent. */
public final class NotStartedException extends RuntimeException {

    public NotStartedException() {
        super("not started: the gateway is shutting down", null, false, false);
    }
}
