package dev.mailgate.webhook;

import java.util.Optional;

/** The changes that are recorded and reported to webhook endpoints: a message's, and the suppression list's. */
public enum EventType {
    QUEUED("message.queued"), SENT("message.sent"), RETRYING("message.retrying"), FAILED("message.failed"),
    UNCERTAIN("message.uncertain"), CANCELLED("message.cancelled"),
    /** Recipients dropped because they are on the suppression list (the message may still go to the others). */
    SUPPRESSED("message.suppressed"),
    /** A recipient's server reported the message undeliverable after accepting it (a hard bounce, or a block). */
    BOUNCED("message.bounced"),
    /** A recipient's server reported a delay or a temporary failure after accepting it (a soft bounce). */
    DELAYED("message.delayed"),
    SUPPRESSION_ADDED("suppression.added"), SUPPRESSION_REMOVED("suppression.removed");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The name in payloads, the API and configuration: message.sent. */
    public String wire() {
        return wire;
    }

    /** An event about the suppression list, not about one message. */
    public boolean aboutTheList() {
        return this == SUPPRESSION_ADDED || this == SUPPRESSION_REMOVED;
    }

    public static Optional<EventType> fromWire(String s) {
        for (EventType t : values()) {
            if (t.wire.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
