package dev.mailgate.compose;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.AccountRules;
import dev.mailgate.config.MailgateConfig;
import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.mailgate.address.MailboxAddress;

/**
 * Turns a validated {@link MessageDraft} into a Quarkus {@link Mail}. No I/O: the MIME itself is written later by the
 * Vert.x mail encoder, so nothing here formats MIME beyond the attachment filename parameters.
 */
@ApplicationScoped
public class MailComposer {

    private final Optional<String> defaultFrom;
    private final Optional<String> messageIdDomain;
    /** Whether a submitted message's text is decoded for the dev outbox: not worth a copy of each message elsewhere. */
    private final boolean describeRaw;

    public MailComposer(@ConfigProperty(name = "quarkus.mailer.from") Optional<String> defaultFrom, MailgateConfig config,
            dev.mailgate.config.MailMode mode) {
        this.describeRaw = mode.mock();
        // With named accounts, the first account's address; before them, the single account's sender.
        this.defaultFrom = config.accounts().named().isEmpty() ? defaultFrom.filter(s -> !s.isBlank())
                : AccountRules.from(config.accounts().named().get(config.accounts().ordered().get(0)));
        this.messageIdDomain = config.delivery().messageIdDomain();
    }

    /** A new message: its Message-ID and Date are fixed here, once. */
    public ComposedMail compose(MessageDraft draft) {
        MailboxAddress from = sender(draft);
        String messageId = "<" + UUID.randomUUID() + "@" + messageIdDomain.orElse(from.domain()) + ">";
        return compose(draft, messageId, ZonedDateTime.now());
    }

    /** A stored message again, with the Message-ID and Date it was given when it was accepted. */
    public ComposedMail compose(MessageDraft draft, String messageId, ZonedDateTime date) {
        return compose(draft, sender(draft), List.of(), messageId, date, new AtomicInteger(), new AtomicReference<>());
    }

    /**
     * The same message (Message-ID, Date, content, attempt count, trace) from another account's address, for a
     * request that named no From. {@code replyTo} is added when the request has no Reply-To of its own.
     */
    public ComposedMail asSender(ComposedMail mail, MailboxAddress from, Optional<MailboxAddress> replyTo) {
        List<MailboxAddress> extra = mail.draft().replyTo().isEmpty() && replyTo.isPresent()
                && !replyTo.get().sameMailbox(from) ? List.of(replyTo.get()) : List.of();
        ComposedMail as = compose(mail.draft(), named(from, mail.draft()), extra, mail.messageId(), mail.date(),
                mail.attempts(), mail.traceparent());
        // Recipients dropped from the envelope (suppressed since it was accepted) stay dropped.
        return as.recipients().equals(mail.recipients()) ? as : as.withRecipients(mail.recipients());
    }

    private ComposedMail compose(MessageDraft draft, MailboxAddress from, List<MailboxAddress> extraReplyTo,
            String messageId, ZonedDateTime date, AtomicInteger attempts, AtomicReference<String> traceparent) {

        List<MailboxAddress> to = parsed(draft.to());
        List<MailboxAddress> cc = parsed(draft.cc());
        List<MailboxAddress> bcc = parsed(draft.bcc());
        List<MailboxAddress> replyTo = extraReplyTo.isEmpty() ? parsed(draft.replyTo()) : extraReplyTo;
        String subject = draft.subject() == null ? "" : draft.subject();
        Mail mail = new Mail()
                .setFrom(from.toHeaderForm())
                .setTo(headerForms(to))
                .setCc(headerForms(cc))
                .setBcc(headerForms(bcc))
                .setSubject(subject)
                .setText(emptyToNull(draft.text()))
                .setHtml(emptyToNull(draft.html()));
        if (!replyTo.isEmpty()) {
            mail.setReplyTo(headerForms(replyTo).toArray(String[]::new));
        }
        // Envelope sender = header sender: QQ rejects anything else with 501.
        mail.setBounceAddress(from.address());
        draft.headers().forEach(mail::addHeader);
        mail.addHeader("Message-ID", messageId);

        List<Attachment> parts = new ArrayList<>();
        draft.attachments().forEach(p -> parts.add(attachment(p, Attachment.DISPOSITION_ATTACHMENT)));
        draft.inline().forEach(p -> parts.add(attachment(p, Attachment.DISPOSITION_INLINE)));
        mail.setAttachments(parts);

        List<String> recipients = new ArrayList<>();
        for (List<MailboxAddress> list : List.of(to, cc, bcc)) {
            list.forEach(a -> recipients.add(a.address()));
        }
        long size = utf8Length(draft.text()) + utf8Length(draft.html());
        for (Part p : draft.attachments()) {
            size += p.size();
        }
        for (Part p : draft.inline()) {
            size += p.size();
        }
        List<MessageHeaders.Field> headers = MessageHeaders.of(from, to, cc, replyTo, subject, messageId, date);
        return new ComposedMail(mail, messageId, from.address(), List.copyOf(recipients), headers, size, attempts,
                traceparent, draft.from() == null || draft.from().isBlank(), draft, date);
    }

    /**
     * A message submitted as MIME, to be sent as it is: {@code from} is its header From (and envelope sender), its
     * Message-ID already in it. {@code mail} only describes it, for the dev outbox.
     */
    public ComposedMail raw(RawMessage message, MailboxAddress from, List<String> recipients, String messageId,
            String id) {
        return new ComposedMail(summary(message, from.toHeaderForm(), recipients, messageId), messageId,
                from.address(), List.copyOf(recipients), List.of(), message.size(), new AtomicInteger(),
                new AtomicReference<>(), false, null, null, message, id);
    }

    /**
     * A submitted message from an account that may only send as its own address: From becomes the account's address
     * under the original display name, the original address goes to Reply-To (unless there is one) and to
     * X-Mailgate-Original-From, so replies still reach the sender and the change is visible. The body is untouched.
     */
    public ComposedMail rawAsSender(ComposedMail mail, MailboxAddress account) {
        RawMessage m = mail.raw();
        String original = m.all("From").getFirst().value();
        String from;
        try {
            // The relay let only one plain mailbox through; its display name goes with the account's address.
            String personal = jakarta.mail.internet.InternetAddress.parseHeader(m.header("From").orElse(""), true)[0]
                    .getPersonal();
            from = new jakarta.mail.internet.InternetAddress(account.address(), personal, "UTF-8").toString();
        } catch (jakarta.mail.internet.AddressException | java.io.UnsupportedEncodingException e) {
            from = account.address();
        }
        List<RawMessage.Field> fields = new ArrayList<>();
        fields.add(RawMessage.Field.of("From", from));
        fields.add(new RawMessage.Field("X-Mailgate-Original-From", original));
        if (m.header("Reply-To").isEmpty()) {
            fields.add(new RawMessage.Field("Reply-To", original));
        }
        RawMessage rewritten = m.replacing("From", fields, List.of("X-Mailgate-Original-From"));
        Mail summary = summary(rewritten, from, mail.recipients(), mail.messageId());
        return new ComposedMail(summary, mail.messageId(), account.address(), mail.recipients(), List.of(),
                rewritten.size(), mail.attempts(), mail.traceparent(), false, null, null, rewritten, mail.id());
    }

    /**
     * What the dev outbox shows of a submitted message, as production sends it: its addresses (Reply-To and Cc from
     * its header), Subject, Message-ID, plain text, and every other header field it carries.
     */
    private Mail summary(RawMessage message, String from, List<String> recipients, String messageId) {
        Mail summary = new Mail().setFrom(from).setTo(recipients)
                .setSubject(message.header("Subject").map(MailComposer::decoded).orElse(""))
                .setText((describeRaw ? plainText(message) : Optional.<String>empty()).orElse("(a MIME message submitted over SMTP, " + message.size()
                        + " bytes, sent as it came)"));
        summary.addHeader("Message-ID", messageId);
        if (describeRaw) {
            // To and Cc as the header has them; the envelope's other recipients are the hidden ones, Bcc.
            List<String> to = message.header("To").map(MailComposer::addresses).orElse(List.of());
            List<String> cc = message.header("Cc").map(MailComposer::addresses).orElse(List.of());
            java.util.Set<String> shown = new java.util.HashSet<>();
            java.util.stream.Stream.concat(to.stream(), cc.stream()).map(MailComposer::addressOf).forEach(shown::add);
            summary.setTo(to).setCc(cc).setBcc(recipients.stream()
                    .filter(r -> !shown.contains(r.toLowerCase(java.util.Locale.ROOT))).toList());
            message.header("Reply-To").map(MailComposer::decoded).ifPresent(summary::setReplyTo);
            for (RawMessage.Field f : message.fields()) {
                if (!SHOWN_APART.contains(f.name().toLowerCase(java.util.Locale.ROOT))) {
                    summary.addHeader(f.name(), decoded(f.unfolded()));
                }
            }
        }
        return summary;
    }

    /** Header fields the dev outbox shows as fields of their own, or that only describe the MIME structure. */
    private static final java.util.Set<String> SHOWN_APART = java.util.Set.of("from", "to", "cc", "bcc", "reply-to",
            "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding");

    private static String addressOf(String mailbox) {
        MailboxAddress.Parsed p = MailboxAddress.parse(mailbox);
        return (p.ok() ? p.value().address() : mailbox).toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> addresses(String header) {
        try {
            return java.util.Arrays.stream(jakarta.mail.internet.InternetAddress.parseHeader(header, false))
                    .map(a -> decoded(a.toString())).toList();
        } catch (jakarta.mail.internet.AddressException e) {
            return List.of(decoded(header));
        }
    }

    /** A single-part plain-text body without a transfer encoding, as text; what a dev outbox can show as it is. */
    private static Optional<String> plainText(RawMessage message) {
        String type = message.header("Content-Type").orElse("text/plain").toLowerCase(java.util.Locale.ROOT);
        String encoding = message.header("Content-Transfer-Encoding").orElse("7bit").trim().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("text/plain") || !(encoding.equals("7bit") || encoding.equals("8bit"))) {
            return Optional.empty();
        }
        java.util.regex.Matcher charset = java.util.regex.Pattern.compile("charset=\"?([A-Za-z0-9._-]+)").matcher(type);
        try {
            return Optional.of(new String(message.body(), charset.find() ? java.nio.charset.Charset.forName(
                    charset.group(1)) : java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Optional.empty(); // an unknown charset
        }
    }

    /** Header text with its encoded words (RFC 2047) decoded; as it is where they are broken. */
    public static String decoded(String text) {
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(text);
        } catch (java.io.UnsupportedEncodingException e) {
            return text;
        }
    }

    /** The request's From, or the configured sender (which defaults to the SMTP login). */
    public MailboxAddress sender(MessageDraft draft) {
        String raw = draft.from() != null && !draft.from().isBlank() ? draft.from()
                : defaultFrom.orElseThrow(() -> new IllegalStateException(
                        "no sender: set MAILGATE_SMTP_USERNAME or quarkus.mailer.from, or pass from"));
        MailboxAddress.Parsed parsed = MailboxAddress.parse(raw);
        if (!parsed.ok()) {
            throw new IllegalStateException("the configured sender address " + parsed.error());
        }
        return draft.from() != null && !draft.from().isBlank() ? parsed.value() : named(parsed.value(), draft);
    }

    /** An account's address under the request's fromName, if it gave one. */
    private static MailboxAddress named(MailboxAddress account, MessageDraft draft) {
        return draft.fromName() == null || draft.fromName().isBlank() ? account
                : new MailboxAddress(draft.fromName().trim(), account.address());
    }

    private static Attachment attachment(Part part, String disposition) {
        String name = AttachmentHeaders.safeBasename(part.filename());
        if (name == null) {
            name = "attachment";
        }
        String type = part.contentTypeOrDefault();
        Attachment a = part.file() != null ? new Attachment(null, part.file(), type) : new InMemoryAttachment(part.data(), type);
        if (Attachment.DISPOSITION_INLINE.equals(disposition)) {
            // Quarkus routes a part into multipart/related only when the disposition is exactly "inline", so inline
            // parts keep Vert.x's own (RFC 2047) filename parameters; their names are rarely shown anyway.
            a.setName(name).setDisposition(disposition).setContentId("<" + part.contentId() + ">");
        } else {
            // Name left null on purpose: the filename parameters are written by AttachmentHeaders (see there why).
            a.setContentType(AttachmentHeaders.contentType(type, name));
            a.setDisposition(AttachmentHeaders.disposition(disposition, name));
        }
        return a;
    }

    /** Each address parsed once; the draft was validated, so every one parses. */
    private static List<MailboxAddress> parsed(List<String> addresses) {
        return addresses.stream().map(a -> MailboxAddress.parse(a).value()).toList();
    }

    private static List<String> headerForms(List<MailboxAddress> addresses) {
        return addresses.stream().map(MailboxAddress::toHeaderForm).toList();
    }

    /** Close enough for a time budget: UTF-8 bytes are at most three per char. */
    private static long utf8Length(String s) {
        return s == null ? 0 : 3L * s.length();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
