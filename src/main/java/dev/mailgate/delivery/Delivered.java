package dev.mailgate.delivery;

import java.util.List;

/** A message the SMTP server accepted. */
public record Delivered(String messageId, List<String> accepted, int attempts) {
}
