package dev.mailgate.outbox;

import java.util.Locale;
import java.util.Optional;

/** Where a message is. The first four may still be sent; the last four are final (retry aside). */
public enum Status {
    SCHEDULED, QUEUED, SENDING, RETRYING, SENT, FAILED, UNCERTAIN, CANCELLED;

    /** The name in the API and the store: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> fromWire(String s) {
        for (Status st : values()) {
            if (st.wire().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }

    /** Waiting to be sent: a cancel or a reschedule still applies. */
    public boolean pending() {
        return this == SCHEDULED || this == QUEUED || this == RETRYING;
    }

    public boolean finished() {
        return this == SENT || this == FAILED || this == UNCERTAIN || this == CANCELLED;
    }
}
