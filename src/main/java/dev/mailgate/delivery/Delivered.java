package dev.mailgate.delivery;

import java.util.List;

/** A message the SMTP server accepted: through {@code account}, from {@code sender} (the envelope's). */
public record Delivered(String messageId, List<String> accepted, int attempts, String account, String sender) {
}
