package dev.mailgate.suppression;

import java.util.Locale;
import java.util.Optional;

/** Why an address is on the list. The first two are added by mailgate from bounces; the others by people. */
public enum Reason {
    HARD_BOUNCE, SOFT_BOUNCE_LIMIT, MANUAL, UNSUBSCRIBE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Added by mailgate itself; such an entry may expire after mailgate.suppression.auto-expiry. */
    public boolean automatic() {
        return this == HARD_BOUNCE || this == SOFT_BOUNCE_LIMIT;
    }

    public static Optional<Reason> fromWire(String s) {
        for (Reason r : values()) {
            if (r.wire().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
