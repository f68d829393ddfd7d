package dev.mailgate.compose;

import java.util.List;

import io.quarkus.mailer.Mail;

/**
 * A message ready for SMTP. The Message-ID is fixed here, once, so every delivery attempt of this message carries the
 * same id and the receiving side can de-duplicate.
 */
public record ComposedMail(Mail mail, String messageId, String sender, List<String> recipients) {
}
