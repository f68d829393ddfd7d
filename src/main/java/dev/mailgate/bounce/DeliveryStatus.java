package dev.mailgate.bounce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-recipient fields of a delivery status (RFC 3464 section 2.3): Final-Recipient, Original-Recipient, Action,
 * Status, Diagnostic-Code. Read from a message/delivery-status part, or from a notice whose text carries the same
 * fields (Postfix without MIME). Folded lines are unfolded; each Final-Recipient starts a recipient.
 */
final class DeliveryStatus {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9-]*):\\s*(.*)$");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final int MAX_RECIPIENTS = 100;

    private DeliveryStatus() {
    }

    /** The recipient blocks, each a map of lower-case field name to its unfolded value. */
    static List<Map<String, String>> recipients(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = null;
        String last = null;
        boolean closed = true;
        for (String line : text.split("\r\n|\n|\r")) {
            if (line.isBlank()) {
                last = null;
                closed = true; // groups of fields are separated by blank lines
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null && last != null) {
                current.merge(last, " " + line.strip(), String::concat);
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (!f.matches()) {
                last = null;
                continue;
            }
            String name = f.group(1).toLowerCase(Locale.ROOT);
            // A recipient's group starts with its first recipient field (Original- before or after Final-).
            boolean recipientField = name.equals("final-recipient") || name.equals("original-recipient");
            boolean starts = recipientField && (closed || current == null || current.containsKey(name));
            if (recipientField) {
                closed = false;
            }
            if (starts) {
                if (blocks.size() >= MAX_RECIPIENTS) {
                    break;
                }
                current = new LinkedHashMap<>();
                blocks.add(current);
            }
            if (current != null && List.of("final-recipient", "original-recipient", "action", "status",
                    "diagnostic-code", "remote-mta").contains(name)) {
                current.putIfAbsent(name, f.group(2).strip());
                last = name;
            } else {
                last = null;
            }
        }
        return blocks;
    }

    /** "rfc822; kijitora@example.jp" is kijitora@example.jp; null if no address is there. */
    static String address(String field) {
        if (field == null) {
            return null;
        }
        String v = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        Matcher m = ADDRESS.matcher(v);
        return m.find() ? m.group() : null;
    }
}
