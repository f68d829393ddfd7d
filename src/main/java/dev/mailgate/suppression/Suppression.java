package dev.mailgate.suppression;

import java.time.Instant;

/**
 * One entry of the list. {@code key} is how the address compares (lower case, the domain in punycode); {@code address}
 * is as it was given. {@code message} and {@code diagnostic}: what caused it, when a bounce did. {@code createdBy}: the
 * API key's name (never the key), or null when mailgate added it.
 */
public record Suppression(String key, String address, Reason reason, String note, String message, String diagnostic,
        Instant createdAt, Instant updatedAt, Instant expiresAt, String createdBy) {

    /** Whether it stands now: not past its expiry. */
    public boolean active(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    /** The same entry, as far as a request can tell: a repeated import changes nothing. */
    boolean sameAs(Suppression other) {
        return other != null && reason == other.reason && java.util.Objects.equals(note, other.note)
                && java.util.Objects.equals(expiresAt, other.expiresAt) && address.equals(other.address);
    }
}
