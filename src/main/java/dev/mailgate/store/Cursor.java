package dev.mailgate.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a newest-first list ended (a message list, the suppression list): the last row's creation time and
 * key. Opaque to callers, stable under inserts.
 */
public record Cursor(Instant createdAt, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toEpochMilli() + ":" + createdAt.getNano() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty if the text is not a cursor this gateway made. */
    public static Optional<Cursor> decode(String text) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 3);
            Instant at = Instant.ofEpochMilli(Long.parseLong(p[0]));
            at = at.plusNanos(Integer.parseInt(p[1]) - at.getNano());
            boolean plausible = !at.isBefore(Instant.EPOCH) && at.isBefore(Instant.parse("9999-01-01T00:00:00Z"));
            return !plausible || p[2].isEmpty() || p[2].length() > 400 ? Optional.empty()
                    : Optional.of(new Cursor(at, p[2]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
