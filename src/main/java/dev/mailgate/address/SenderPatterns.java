package dev.mailgate.address;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The senders a caller may use: exact addresses, and {@code *@domain} for every address of one domain (not its
 * subdomains). API keys, accounts and the relay's trusted networks all match through this one type, so a fix here
 * reaches every path.
 * <p>
 * Matching is case-insensitive in the whole address, as QQ, 163 and Gmail treat addresses, and a domain is compared
 * in its ASCII (punycode) form, so {@code *@bücher.example} and {@code *@xn--bcher-kva.example} are one pattern. A
 * domain pattern matches only that exact domain: {@code *@example.com} lets {@code x@example.com} through, never
 * {@code x@badexample.com}, {@code x@example.com.evil} or {@code x@mail.example.com}.
 */
public final class SenderPatterns {

    private static final String ANY_AT = "*@";

    /** One entry, normalised: either a whole address or, with {@code domain} true, a domain. */
    private record Pattern(String value, boolean domain) {
    }

    private final List<Pattern> patterns;

    private SenderPatterns(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** Nothing is allowed. */
    public static SenderPatterns none() {
        return new SenderPatterns(List.of());
    }

    /**
     * The patterns of a setting. An entry that is not valid (see {@link #problem}) is left out, so it matches nothing:
     * start-up refuses such settings in production, and a mistake must never widen what is allowed.
     */
    public static SenderPatterns of(List<String> entries) {
        List<Pattern> parsed = new ArrayList<>();
        for (String entry : entries) {
            parse(entry).ifPresent(parsed::add);
        }
        return new SenderPatterns(List.copyOf(parsed));
    }

    /** Why an entry is not a sender pattern, or empty when it is one. The entry itself is not repeated. */
    public static Optional<String> problem(String entry) {
        if (parse(entry).isPresent()) {
            return Optional.empty();
        }
        String e = entry == null ? "" : entry.trim();
        if (!e.contains("@") || e.startsWith("@") || e.startsWith("*") && !e.startsWith(ANY_AT)) {
            return Optional.of("is neither an address nor *@domain (for a whole domain write *@example.com)");
        }
        return Optional.of("is neither an address nor *@domain");
    }

    /** Every invalid entry of a setting, named by its property and position. */
    public static List<String> problems(String property, List<String> entries) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            int n = i + 1;
            problem(entries.get(i)).ifPresent(p -> problems.add(property + " entry " + n + " " + p));
        }
        return problems;
    }

    public boolean matches(MailboxAddress sender) {
        return sender != null && matches(sender.address());
    }

    public boolean matches(String address) {
        Optional<String> normal = normalise(address);
        if (normal.isEmpty()) {
            return false;
        }
        String a = normal.get();
        String domain = a.substring(a.lastIndexOf('@') + 1);
        for (Pattern p : patterns) {
            if (p.domain() ? domain.equals(p.value()) : a.equals(p.value())) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * An address as it is compared: lower case, the domain in punycode. Empty when it is not an address. This is
     * also the key under which addresses are stored where mailgate must find them again in any spelling.
     */
    public static Optional<String> normalise(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.trim();
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            return Optional.empty();
        }
        return asciiDomain(a.substring(at + 1))
                .map(d -> a.substring(0, at).toLowerCase(Locale.ROOT) + "@" + d);
    }

    private static Optional<Pattern> parse(String entry) {
        if (entry == null || entry.isBlank()) {
            return Optional.empty();
        }
        String e = entry.trim();
        if (e.startsWith(ANY_AT)) {
            return asciiDomain(e.substring(ANY_AT.length()))
                    .filter(d -> MailboxAddress.parse("x@" + d).ok())
                    .map(d -> new Pattern(d, true));
        }
        // "Bot <bot@qq.com>" names the same sender as bot@qq.com; an IDN domain is checked in its punycode form.
        MailboxAddress.Parsed parsed = MailboxAddress.parse(e);
        String address = parsed.ok() ? parsed.value().address() : asciiForm(e).orElse(null);
        if (address != null && address.startsWith(ANY_AT)) {
            return parse(address); // "Team <*@qq.com>": the domain, as before
        }
        if (address == null || !MailboxAddress.parse(address).ok()) {
            return Optional.empty();
        }
        return normalise(address).map(a -> new Pattern(a, false));
    }

    /** The address with its domain in punycode, if it is an address whose domain converts. */
    private static Optional<String> asciiForm(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        return asciiDomain(address.substring(at + 1)).map(d -> address.substring(0, at) + "@" + d);
    }

    /**
     * The domain in punycode, lower case. A name that does not come back from punycode as it was written is refused:
     * java.net.IDN follows IDNA 2003, which maps ß, final sigma and joiners where IDNA 2008 keeps them, so such a name
     * could stand for someone else's domain.
     */
    private static Optional<String> asciiDomain(String domain) {
        try {
            String d = java.text.Normalizer.normalize(domain.trim(), java.text.Normalizer.Form.NFC)
                    .toLowerCase(Locale.ROOT);
            String ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            if (ascii.isEmpty() || !IDN.toUnicode(ascii).equals(IDN.toUnicode(d))) {
                return Optional.empty();
            }
            return Optional.of(ascii);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
