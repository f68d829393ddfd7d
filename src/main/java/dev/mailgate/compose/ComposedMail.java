package dev.mailgate.compose;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.mailer.Mail;

/**
 * A message ready for SMTP. The Message-ID is fixed here, once, so every delivery attempt of this message carries the
 * same id and the receiving side can de-duplicate. {@code headers} are the fields mailgate writes itself (addresses,
 * Subject, Date, Message-ID), which replace the encoder's. {@code size} is roughly how many bytes the content has, to
 * size time budgets; {@code attempts} counts the delivery attempts made for it; {@code traceparent} (W3C) is the trace
 * its delivery joins: the request that sent it.
 */
public record ComposedMail(Mail mail, String messageId, String sender, List<String> recipients,
        List<MessageHeaders.Field> headers, long size, AtomicInteger attempts,
        java.util.concurrent.atomic.AtomicReference<String> traceparent) {

    public ComposedMail(Mail mail, String messageId, String sender, List<String> recipients,
            List<MessageHeaders.Field> headers, long size) {
        this(mail, messageId, sender, recipients, headers, size, new AtomicInteger(),
                new java.util.concurrent.atomic.AtomicReference<>());
    }
}
