package dev.mailgate.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;

/**
 * What a bounce is made of, gathered by one bounded walk of its MIME tree: its delivery-status parts, the Message-IDs
 * of the message it returns (as message/rfc822, message/global or only its headers), and its own text (plain, and
 * HTML as text: nothing in it is fetched or run). The returned message's text is not the notice's. Depth, parts and
 * text are capped, so a hostile message costs little more than its size.
 */
record MailParts(List<String> statuses, List<String> textStatuses, List<String> returnedIds, String text,
        String fullText) {

    /** Where a notice stops and the copy of the returned message starts, in the words of common servers. */
    private static final java.util.regex.Pattern ORIGINAL = java.util.regex.Pattern.compile("(?im)^\\s*-*\\s*("
            + "original message|this is a copy of the message|below this line is a copy|original message follows"
            + "|the original message|undelivered message attached|included is a copy)");

    private static final int MAX_DEPTH = 8;
    private static final int MAX_PARTS = 100;
    private static final int MAX_TEXT = 64 * 1024;

    static MailParts of(Part message) throws MessagingException, IOException {
        Walk w = new Walk();
        w.visit(message, 0);
        String all = w.text.toString();
        java.util.regex.Matcher cut = ORIGINAL.matcher(all);
        return new MailParts(w.statuses, w.textStatuses, w.ids, cut.find() ? all.substring(0, cut.start()) : all, all);
    }

    private static final class Walk {
        final List<String> statuses = new ArrayList<>();
        final List<String> textStatuses = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        int parts;

        void visit(Part p, int depth) throws MessagingException, IOException {
            if (depth > MAX_DEPTH || ++parts > MAX_PARTS) {
                return;
            }
            String type = p.getContentType() == null ? "text/plain" : p.getContentType().toLowerCase(Locale.ROOT);
            if (type.startsWith("multipart/")) {
                Object content = p.getContent();
                if (content instanceof Multipart mp) {
                    for (int i = 0; i < mp.getCount() && parts <= MAX_PARTS; i++) {
                        BodyPart b = mp.getBodyPart(i);
                        visit(b, depth + 1);
                    }
                }
            } else if (type.startsWith("message/delivery-status") || type.startsWith("message/global-delivery-status")) {
                statuses.add(read(p.getInputStream()));
            } else if (type.startsWith("message/rfc822") || type.startsWith("message/global")
                    || type.startsWith("text/rfc822-headers")) {
                // Only the returned message's headers matter: its Message-ID is what matches it.
                InternetHeaders h = new InternetHeaders(p.getInputStream());
                String id = h.getHeader("Message-ID", null);
                if (id != null) {
                    ids.add(id.strip());
                }
            } else if (type.startsWith("text/html")) {
                append(asText(decoded(p)));
            } else if (type.startsWith("text/")) {
                String body = decoded(p);
                append(body);
                if (body.regionMatches(true, 0, "Final-Recipient:", 0, 16) || body.contains("\nFinal-Recipient:")) {
                    textStatuses.add(body); // a status written into the text, as Postfix does without MIME
                }
            }
        }

        void append(String s) {
            if (text.length() < MAX_TEXT) {
                text.append(s, 0, Math.min(s.length(), MAX_TEXT - text.length())).append('\n');
            }
        }
    }

    /** A text part in its own charset (GBK, ISO-2022-JP, ...), at most MAX_TEXT characters of it. */
    private static String decoded(Part p) throws MessagingException, IOException {
        Object content;
        try {
            content = p.getContent();
        } catch (java.io.UnsupportedEncodingException e) {
            return read(p.getInputStream()); // an unknown charset: as UTF-8, which keeps the ASCII that matters
        }
        String s = content instanceof String str ? str : read(p.getInputStream());
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    /** A part's decoded bytes, at most MAX_TEXT of them, as UTF-8 (notices in other charsets lose only accents). */
    private static String read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < MAX_TEXT && (n = in.read(buffer)) > 0) {
                out.write(buffer, 0, Math.min(n, MAX_TEXT - out.size()));
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** HTML as the text a reader sees: tags and scripts dropped, the common entities read. Nothing is rendered. */
    static String asText(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("(?s)<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
