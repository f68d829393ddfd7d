package dev.mailgate.compose;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.mailer.Mail;

/**
 * A message ready for SMTP. The Message-ID is fixed here, once, so every delivery attempt of this message carries the
 * same id and the receiving side can de-duplicate. {@code headers} are the fields mailgate writes itself (addresses,
 * Subject, Date, Message-ID), which replace the encoder's. {@code size} is roughly how many bytes the content has, to
 * size time budgets; {@code attempts} counts the delivery attempts made for it; {@code traceparent} (W3C) is the trace
 * its delivery joins: the request that sent it. {@code defaultSender}: the request named no From, so each account
 * sends it as its own address ({@link MailComposer#asSender}), from {@code draft} and {@code date}. {@code raw}: a
 * message submitted as MIME, sent as it came ({@code mail} then only describes it, for the dev outbox), with its own
 * {@code id} (its Message-ID is the submitter's). Otherwise {@code id} is null: the Message-ID's local part is it.
 */
public record ComposedMail(Mail mail, String messageId, String sender, List<String> recipients,
        List<MessageHeaders.Field> headers, long size, AtomicInteger attempts, AtomicReference<String> traceparent,
        boolean defaultSender, MessageDraft draft, ZonedDateTime date, RawMessage raw, String id) {

    /**
     * The same message for fewer envelope recipients (the others are not to get it); its header fields are unchanged.
     * The mock mailer's copy (dev mode) loses them too, so the dev outbox shows who really gets it.
     */
    public ComposedMail withRecipients(List<String> only) {
        java.util.Set<String> kept = new java.util.HashSet<>();
        only.forEach(a -> kept.add(a.toLowerCase(java.util.Locale.ROOT)));
        java.util.function.Function<List<String>, List<String>> keep = list -> list.stream()
                .filter(a -> kept.contains(dev.mailgate.address.MailboxAddress.parse(a).ok()
                        ? dev.mailgate.address.MailboxAddress.parse(a).value().address().toLowerCase(java.util.Locale.ROOT)
                        : a.toLowerCase(java.util.Locale.ROOT)))
                .toList();
        Mail narrowed = new Mail().setFrom(mail.getFrom()).setTo(keep.apply(mail.getTo()))
                .setCc(keep.apply(mail.getCc())).setBcc(keep.apply(mail.getBcc())).setReplyTo(mail.getReplyTo())
                .setBounceAddress(mail.getBounceAddress()).setSubject(mail.getSubject()).setText(mail.getText())
                .setHtml(mail.getHtml()).setAttachments(mail.getAttachments()).setHeaders(mail.getHeaders());
        return new ComposedMail(narrowed, messageId, sender, List.copyOf(only), headers, size, attempts, traceparent,
                defaultSender, draft, date, raw, id);
    }

    public ComposedMail(Mail mail, String messageId, String sender, List<String> recipients,
            List<MessageHeaders.Field> headers, long size, AtomicInteger attempts, AtomicReference<String> traceparent,
            boolean defaultSender, MessageDraft draft, ZonedDateTime date) {
        this(mail, messageId, sender, recipients, headers, size, attempts, traceparent, defaultSender, draft, date, null,
                null);
    }
}
