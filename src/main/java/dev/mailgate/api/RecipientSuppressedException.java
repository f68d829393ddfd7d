package dev.mailgate.api;

import java.util.List;

/** A request names recipients on the suppression list, and does not ask to skip them (or skips them all). */
final class RecipientSuppressedException extends RuntimeException {

    private final transient List<SuppressedRecipient> recipients;

    RecipientSuppressedException(List<SuppressedRecipient> recipients) {
        super(recipients.size() + " recipient(s) are on the suppression list: " + String.join(", ",
                recipients.stream().map(r -> r.address() + " (" + r.reason() + " since " + r.since() + ")").toList())
                + ". Nothing was sent or stored.", null, false, false);
        this.recipients = List.copyOf(recipients);
    }

    List<SuppressedRecipient> recipients() {
        return recipients;
    }
}
