package dev.mailgate.template.user;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's files by their name in the directory layout ({@code schema.json}, {@code subject.txt},
 * {@code body.html}, {@code body.en.txt}, {@code inline/logo.png}, …). A directory and an API body both become one of
 * these, so both are checked by the same code and a problem names the same file either way.
 */
public record TemplateFiles(Map<String, byte[]> files) {

    public static final String SCHEMA = "schema.json";
    public static final String DEFAULT_LOCALE = "default-locale.txt";
    public static final String DESCRIPTION = "description.txt";
    static final String LOCALE = "[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*";
    /** subject[.locale].txt, body[.locale].html, body[.locale].txt. */
    static final Pattern PART = Pattern.compile("(subject|body)(?:\\.(" + LOCALE + "))?\\.(txt|html)");
    static final Pattern INLINE = Pattern.compile("inline/([A-Za-z0-9][A-Za-z0-9._-]{0,99})\\.(png|jpe?g|gif|webp)",
            Pattern.CASE_INSENSITIVE);
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public TemplateFiles {
        files = new TreeMap<>(files);
    }

    public String text(String name) {
        byte[] b = files.get(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public boolean has(String name) {
        return files.containsKey(name);
    }

    static Matcher part(String name) {
        Matcher m = PART.matcher(name);
        return m.matches() && !(m.group(1).equals("subject") && m.group(3).equals("html")) ? m : null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TemplateFiles other) || other.files.size() != files.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.files.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }
}
