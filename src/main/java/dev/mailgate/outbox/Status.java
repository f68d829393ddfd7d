package dev.mailgate.outbox;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message is. The first four may still be sent; the others are final (retry aside). BOUNCED: it was sent, and
 * later every recipient's server reported it undeliverable for good (a hard bounce read from the sending mailbox).
 */
public enum Status {
    SCHEDULED, QUEUED, SENDING, RETRYING, SENT, FAILED, UNCERTAIN, CANCELLED, BOUNCED;

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

    /** Its server accepted it (a bounce may have come back later). */
    public boolean accepted() {
        return this == SENT || this == BOUNCED;
    }

    public boolean finished() {
        return this == SENT || this == FAILED || this == UNCERTAIN || this == CANCELLED || this == BOUNCED;
    }
}
