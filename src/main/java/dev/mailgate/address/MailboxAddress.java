package dev.mailgate.address;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One mailbox, {@code "Display Name <local@domain>"} or a bare address.
 * <p>
 * The addr-spec is checked strictly (dot-atom local part, LDH domain labels): the SMTP transaction must never see
 * something the encoder would quote or fold. Non-ASCII local parts need SMTPUTF8, which the mail client does not
 * speak, so they are refused rather than mangled. Non-ASCII display names are fine: Vert.x RFC 2047-encodes them.
 */
public record MailboxAddress(String displayName, String address) {

    private static final Pattern ATEXT = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int MAX_ADDRESS = 254;
    private static final int MAX_NAME = 200;

    /**
     * A request's address: as {@link #parse}, and a list in one string ("Alice &lt;a@x.com&gt;, bob@x.com") is refused
     * saying so. Only new requests are held to this; what was stored before keeps parsing as it did.
     */
    public static Parsed parseSingle(String raw) {
        if (raw != null && severalAddresses(raw.trim())) {
            return Parsed.error("holds more than one address: give each address on its own (JSON: \"to\":"
                    + " [\"alice@example.com\", \"bob@example.com\"]; multipart: one to part each)");
        }
        return parse(raw);
    }

    /** Parses one address or returns why it is not acceptable. */
    public static Parsed parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Parsed.error("must not be blank");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return Parsed.error("must not contain CR, LF or NUL");
            }
        }
        String s = raw.trim();
        String name = null;
        String addr = s;
        int lt = s.lastIndexOf('<');
        if (lt >= 0 || s.endsWith(">")) {
            if (lt < 0 || !s.endsWith(">") || s.indexOf('>') != s.length() - 1) {
                return Parsed.error("has unbalanced angle brackets");
            }
            name = s.substring(0, lt).trim();
            addr = s.substring(lt + 1, s.length() - 1).trim();
            if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.chars().anyMatch(c -> "<>\"()\\".indexOf(c) >= 0)) {
                // Kept out so that the name survives every mail client's own parsing and quoting unchanged.
                return Parsed.error("display name must not contain < > \" ( ) or \\");
            }
            if (name.isEmpty()) {
                name = null;
            } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
                return Parsed.error("display name must be at most " + MAX_NAME + " characters");
            }
        }
        Optional<String> problem = addrSpecProblem(addr);
        if (problem.isPresent()) {
            return Parsed.error(problem.get());
        }
        return new Parsed(new MailboxAddress(displayNameOrNull(name), addr), null);
    }

    /** "Alice &lt;a@x.com&gt;, bob@x.com": a list in one string, separated outside quotes by a comma or semicolon. */
    private static boolean severalAddresses(String s) {
        boolean quoted = false;
        boolean separated = false;
        int ats = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '@') {
                ats++;
            } else if (!quoted && (c == ',' || c == ';') && ats > 0) {
                separated = true;
            }
        }
        return separated && ats >= 2;
    }

    private static String displayNameOrNull(String name) {
        return name == null || name.isBlank() ? null : name;
    }

    public static Optional<String> addrSpecProblem(String addr) {
        if (addr.length() > MAX_ADDRESS) {
            return Optional.of("is longer than " + MAX_ADDRESS + " characters");
        }
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at == addr.length() - 1 || addr.indexOf('@') != at) {
            return Optional.of("is not an address of the form local@domain");
        }
        String local = addr.substring(0, at);
        String domain = addr.substring(at + 1);
        if (!local.chars().allMatch(c -> c < 128) || !domain.chars().allMatch(c -> c < 128)) {
            return Optional.of("has non-ASCII characters in the address; SMTPUTF8 is not supported"
                    + " (use a punycode domain, and put non-ASCII text in the display name)");
        }
        if (local.length() > 64) {
            return Optional.of("has a local part longer than 64 characters");
        }
        for (String atom : local.split("\\.", -1)) {
            if (!ATEXT.matcher(atom).matches()) {
                return Optional.of("has an invalid local part");
            }
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("needs a fully qualified domain");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has an invalid domain");
            }
        }
        return Optional.empty();
    }

    /**
     * The form handed to the Quarkus mailer (dev mode's capture). An ASCII name with RFC 5322 specials (a comma,
     * say) is quoted so it cannot split the header into two addresses.
     */
    public String toHeaderForm() {
        if (displayName == null) {
            return address;
        }
        boolean ascii = displayName.chars().allMatch(c -> c < 128);
        boolean specials = displayName.chars().anyMatch(c -> "[]:;@,.".indexOf(c) >= 0);
        return (ascii && specials ? '"' + displayName + '"' : displayName) + " <" + address + ">";
    }

    /** The same mailbox, compared as {@link SenderPatterns} compares addresses. */
    public boolean sameMailbox(MailboxAddress other) {
        return other != null && SenderPatterns.normalise(address).equals(SenderPatterns.normalise(other.address));
    }

    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    public record Parsed(MailboxAddress value, String error) {
        static Parsed error(String message) {
            return new Parsed(null, message);
        }

        public boolean ok() {
            return error == null;
        }
    }
}
