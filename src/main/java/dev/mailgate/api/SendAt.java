package dev.mailgate.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import dev.mailgate.binding.FieldError;

/** The rules for sendAt: an RFC 3339 date-time with an offset, not in the past, at most max-schedule ahead. */
final class SendAt {

    /** A second's grace: "now", sent over a network, arrives a little late. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private SendAt() {
    }

    /** The instant, or null with the reason added to {@code errors}. */
    static Instant check(OffsetDateTime sendAt, Duration maxAhead, String field, List<FieldError> errors) {
        if (sendAt == null) {
            return null;
        }
        Instant at = sendAt.toInstant();
        Instant now = Instant.now();
        if (at.isBefore(now.minus(GRACE))) {
            errors.add(new FieldError(field, "is in the past (it is " + now + " now); leave sendAt out to send at once"));
            return null;
        }
        if (at.isAfter(now.plus(maxAhead))) {
            errors.add(new FieldError(field, "is more than " + maxAhead.toDays() + " days ahead"
                    + " (mailgate.outbox.max-schedule)"));
            return null;
        }
        return at;
    }

    /** A multipart sendAt part, parsed as strictly as the JSON field. */
    static OffsetDateTime parse(String text, String field, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 date-time with an offset, e.g."
                    + " 2026-11-26T08:00:00+08:00, not \"" + text + "\""));
            return null;
        }
    }
}
