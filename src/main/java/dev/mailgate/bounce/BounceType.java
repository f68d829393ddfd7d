package dev.mailgate.bounce;

import java.util.Locale;

/**
 * What a bounce says about a recipient. hard: the address does not exist or is disabled, or its domain does not
 * exist. soft: it may work later (mailbox full, greylisting, delayed, any 4.x.x). block: the sender, its IP or the
 * content was refused; the address is fine, so it is never suppressed.
 */
public enum BounceType {
    HARD, SOFT, BLOCK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
