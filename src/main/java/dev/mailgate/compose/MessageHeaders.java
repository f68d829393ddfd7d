package dev.mailgate.compose;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.mailgate.address.MailboxAddress;

/**
 * The message's own header fields, written by mailgate rather than the Vert.x encoder: addresses as RFC 5322
 * name-addr with the display name where parsers read it, and Subject in encoded words that never split a character.
 * They replace the encoder's versions of the same fields.
 */
public final class MessageHeaders {

    private static final java.util.regex.Pattern PHRASE_OF_ATOMS =
            java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+( [A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    /** One header field; the value may be folded with CRLF SP. */
    public record Field(String name, String value) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    private static final int LINE = 76;

    private MessageHeaders() {
    }

    static List<Field> of(MailboxAddress from, List<MailboxAddress> to, List<MailboxAddress> cc,
            List<MailboxAddress> replyTo, String subject, String messageId, ZonedDateTime date) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Date", DATE.format(date)));
        fields.add(new Field("From", addressList("From", List.of(from))));
        if (!to.isEmpty()) {
            fields.add(new Field("To", addressList("To", to)));
        }
        if (!cc.isEmpty()) {
            fields.add(new Field("Cc", addressList("Cc", cc)));
        }
        if (!replyTo.isEmpty()) {
            fields.add(new Field("Reply-To", addressList("Reply-To", replyTo)));
        }
        fields.add(new Field("Subject", EncodedWords.unstructured(subject, "Subject: ".length())));
        fields.add(new Field("Message-ID", messageId));
        return List.copyOf(fields);
    }

    /** Mailboxes separated by commas, each starting a new line when the current one is full. */
    static String addressList(String name, List<MailboxAddress> addresses) {
        StringBuilder out = new StringBuilder();
        int column = name.length() + 2;
        for (int i = 0; i < addresses.size(); i++) {
            String mailbox = mimeForm(addresses.get(i), column + 1);
            int firstLine = mailbox.indexOf('\r') < 0 ? mailbox.length() : mailbox.indexOf('\r');
            if (i > 0) {
                out.append(',');
                column++;
                if (column + 1 + firstLine > LINE) {
                    out.append(EncodedWords.FOLD);
                    column = 1;
                    mailbox = mimeForm(addresses.get(i), column);
                } else {
                    out.append(' ');
                    column++;
                }
            }
            out.append(mailbox);
            int lastBreak = mailbox.lastIndexOf('\n');
            column = lastBreak < 0 ? column + mailbox.length() : mailbox.length() - lastBreak - 1;
        }
        return out.toString();
    }

    /**
     * RFC 5322 name-addr, as it goes on the wire: the display name is a phrase (atoms, a quoted string, or RFC 2047
     * encoded words) before the angle-addr, where every parser looks for it. A name in a comment after the address
     * (what the Vert.x encoder writes) is read as no name at all by strict parsers. {@code used} is how much of the
     * current line is taken.
     */
    static String mimeForm(MailboxAddress mailbox, int used) {
        if (mailbox.displayName() == null) {
            return mailbox.address();
        }
        return phrase(mailbox.displayName(), used) + " <" + mailbox.address() + ">";
    }

    static String phrase(String name, int used) {
        if (!EncodedWords.isPlainAscii(name)) {
            return EncodedWords.encode(name, used);
        }
        if (PHRASE_OF_ATOMS.matcher(name).matches() && !name.contains("=?")) {
            return name;
        }
        // A quoted string; "=?" inside quotes is never decoded as an encoded word (RFC 2047 section 5).
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
