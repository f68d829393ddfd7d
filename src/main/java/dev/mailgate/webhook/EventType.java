package dev.mailgate.webhook;

import java.util.Locale;
import java.util.Optional;

/** The state changes of a message that are recorded, and reported to webhook endpoints. */
public enum EventType {
    QUEUED, SENT, RETRYING, FAILED, UNCERTAIN, CANCELLED;

    /** The name in payloads, the API and configuration: message.sent. */
    public String wire() {
        return "message." + name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String s) {
        for (EventType t : values()) {
            if (t.wire().equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
