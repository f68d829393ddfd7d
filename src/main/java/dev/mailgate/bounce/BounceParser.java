package dev.mailgate.bounce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads one message from the sending mailbox and says whether it is a bounce, and if so what it says. Standard
 * delivery status notifications (RFC 3464) are found anywhere in the MIME tree; the common notices without one
 * (Exim, Gmail, QQ, 163, Postfix text) are read from their text and X-Failed-Recipients. Auto-replies, read receipts,
 * feedback reports and ordinary mail are left alone. Nothing is fetched and no HTML runs: the parts are read from the
 * bytes given, with a bounded walk ({@link MailParts}).
 */
public final class BounceParser {

    /** What a message is: a bounce, or why it is left alone. */
    public sealed interface Result permits Found, Ignored {
    }

    public record Found(Bounce bounce) implements Result {
    }

    public record Ignored(String why) implements Result {
    }

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern SMTP_CODE = Pattern.compile("\\b([45]\\d\\d)[ -]");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)message-id:\\s*(<[^<>\\s]+>)");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?i)undeliver|undelivered|delivery (status notification"
            + " \\(failure|has failed|failure)|mail delivery failed|returned (mail|to sender)|failure notice|could not be"
            + " delivered|non recapitabile|nicht zustellbar|non remis|delayed mail|delivery (status|delay)"
            + "|退信|未送达|发送失败|投递失败");
    private static final Pattern SYSTEM_SENDER = Pattern.compile("(?i)mailer-daemon|postmaster|mail delivery|mdaemon"
            + "|系统退信");
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile("(?i)^(automatic reply|auto(-| )?reply|auto:"
            + "|out of (the )?office|vacation|自动回复|自動回覆)");

    private BounceParser() {
    }

    public static Result parse(byte[] raw) {
        MimeMessage m;
        try {
            m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            String type = lower(m.getContentType());
            String subject = subject(m);
            if (type.contains("disposition-notification")) {
                return new Ignored("a read receipt");
            }
            if (type.contains("feedback-report")) {
                return new Ignored("a feedback report");
            }
            MailParts parts = MailParts.of(m);
            String from = String.join(" ", headers(m, "From"));
            List<String> statuses = parts.statuses().isEmpty() ? parts.textStatuses() : parts.statuses();
            boolean dsn = !statuses.isEmpty();
            String failed = header(m, "X-Failed-Recipients");
            boolean notice = SYSTEM_SENDER.matcher(from).find() && (BOUNCE_SUBJECT.matcher(subject).find()
                    || failed != null) || failed != null && BOUNCE_SUBJECT.matcher(subject).find();
            if (!dsn && !notice) {
                // Bounces carry Auto-Submitted too (Postfix: auto-replied); only a message that is no bounce is one.
                boolean auto = lower(header(m, "Auto-Submitted")).startsWith("auto-replied")
                        || header(m, "X-Autoreply") != null || header(m, "X-Autorespond") != null
                        || AUTO_REPLY_SUBJECT.matcher(subject).find();
                return new Ignored(auto ? "an auto-reply" : "not a bounce");
            }
            String text = subject + "\n" + parts.text();
            List<Bounce.Recipient> recipients = dsn ? fromStatus(statuses, text)
                    : fromNotice(failed, parts.text(), text);
            if (recipients.isEmpty()) {
                return new Ignored("a bounce that names no recipient");
            }
            return new Found(new Bounce(recipients, messageIds(m, parts)));
        } catch (MessagingException | IOException | RuntimeException e) {
            return new Ignored("unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Each per-recipient block of every delivery-status part. */
    private static List<Bounce.Recipient> fromStatus(List<String> statuses, String text) {
        Map<String, Bounce.Recipient> found = new LinkedHashMap<>();
        for (String status : statuses) {
            for (Map<String, String> block : DeliveryStatus.recipients(status)) {
                String address = DeliveryStatus.address(block.getOrDefault("final-recipient",
                        block.get("original-recipient")));
                if (address == null) {
                    continue;
                }
                String diagnostic = block.getOrDefault("diagnostic-code", "");
                String code = block.getOrDefault("status", "").trim();
                if (code.isEmpty() || code.equals("5.0.0") || code.equals("4.0.0")) {
                    // Generic codes say little; the diagnostic often has the real one.
                    code = enhanced(diagnostic).orElse(code);
                }
                found.putIfAbsent(address.toLowerCase(Locale.ROOT), recipient(address, code, block.get("action"),
                        diagnostic, diagnostic + "\n" + text));
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * A notice without a delivery-status part: its recipients are X-Failed-Recipients, else every address in its own
     * text (the returned message is not its text), each judged by the text that follows it.
     */
    private static List<Bounce.Recipient> fromNotice(String failed, String notice, String text) {
        Set<String> addresses = new LinkedHashSet<>();
        if (failed != null) {
            for (String a : failed.split(",")) {
                Matcher am = ADDRESS.matcher(a);
                if (am.find()) {
                    addresses.add(am.group());
                }
            }
        } else {
            Matcher am = ADDRESS.matcher(notice);
            while (am.find() && addresses.size() < 50) {
                if (!SYSTEM_SENDER.matcher(am.group()).find()) {
                    addresses.add(am.group());
                }
            }
        }
        Map<String, Bounce.Recipient> found = new LinkedHashMap<>();
        for (String address : addresses) {
            int at = notice.toLowerCase(Locale.ROOT).indexOf(address.toLowerCase(Locale.ROOT));
            String window = at < 0 ? notice : notice.substring(at, Math.min(notice.length(), at + address.length() + 400));
            String code = enhanced(window).orElseGet(() -> smtpCode(window));
            found.putIfAbsent(address.toLowerCase(Locale.ROOT), recipient(address, code, null, window.strip(),
                    window + "\n" + text));
        }
        return List.copyOf(found.values());
    }

    private static Bounce.Recipient recipient(String address, String status, String action, String diagnostic,
            String text) {
        BounceRules.Classified c = BounceRules.classify(status, action, text)
                .orElse(new BounceRules.Classified(BounceType.HARD, "a failure report without a more specific reason"));
        String d = diagnostic == null ? "" : diagnostic.replaceAll("\\s+", " ").strip();
        return new Bounce.Recipient(address, c.type(), status == null || status.isBlank() ? null : status,
                d.length() > 1000 ? d.substring(0, 1000) : d, c.source());
    }

    /** The returned message's Message-ID first, then In-Reply-To and References, then any in the notice's text. */
    private static List<String> messageIds(MimeMessage m, MailParts parts) throws MessagingException {
        Set<String> ids = new LinkedHashSet<>(parts.returnedIds());
        for (String name : List.of("In-Reply-To", "References")) {
            for (String value : headers(m, name)) {
                Matcher im = Pattern.compile("<[^<>\\s]+>").matcher(value);
                while (im.find()) {
                    ids.add(im.group());
                }
            }
        }
        Matcher tm = MESSAGE_ID.matcher(parts.fullText());
        while (tm.find()) {
            ids.add(tm.group(1));
        }
        return List.copyOf(ids);
    }

    private static java.util.Optional<String> enhanced(String text) {
        Matcher em = ENHANCED.matcher(text == null ? "" : text);
        return em.find() ? java.util.Optional.of(em.group(1)) : java.util.Optional.empty();
    }

    /** A bare SMTP code as the class of an enhanced status (550 is 5.0.0), when the text has nothing better. */
    private static String smtpCode(String text) {
        Matcher sm = SMTP_CODE.matcher(text);
        return sm.find() ? sm.group(1).charAt(0) + ".0.0" : null;
    }

    private static String subject(MimeMessage m) throws MessagingException {
        String s = m.getSubject();
        return s == null ? "" : s;
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        return m.getHeader(name, ",");
    }

    private static List<String> headers(MimeMessage m, String name) throws MessagingException {
        String[] h = m.getHeader(name);
        List<String> out = new ArrayList<>();
        if (h != null) {
            for (String v : h) {
                try {
                    out.add(jakarta.mail.internet.MimeUtility.decodeText(v));
                } catch (java.io.UnsupportedEncodingException e) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
