package dev.mailgate.compose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A message submitted as MIME (over SMTP), kept as it came: its header fields are read and may be added to or
 * replaced, its body is never touched. Header bytes are handled as ISO-8859-1, one char per byte, so 8-bit header
 * text (raw UTF-8 or GBK from sloppy tools) also comes out exactly as it went in.
 */
public final class RawMessage {

    /**
     * One header field: its name, and everything after its colon as written (leading space and folds included, no
     * final CRLF), so that an untouched field is written back byte for byte.
     */
    public record Field(String name, String value) {

        /** A new field: "Name: text". */
        public static Field of(String name, String text) {
            return new Field(name, " " + text);
        }

        /** The value with folds undone. */
        public String unfolded() {
            return value.replaceAll("\r?\n(?=[ \t])", "").trim();
        }
    }

    private final List<Field> fields;
    private final byte[] data;
    private final int bodyStart;

    private RawMessage(List<Field> fields, byte[] data, int bodyStart) {
        this.fields = List.copyOf(fields);
        this.data = data;
        this.bodyStart = bodyStart;
    }

    /** Splits header and body at the first empty line; fails on header lines that are not fields. */
    public static RawMessage parse(byte[] data) {
        List<Field> fields = new ArrayList<>();
        int i = 0;
        StringBuilder current = null;
        String name = null;
        while (i < data.length) {
            int end = i;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && data[end - 1] == '\r' ? end - 1 : end;
            String line = new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1);
            int next = Math.min(data.length, end + 1);
            if (line.indexOf('\0') >= 0 || line.indexOf('\r') >= 0 || line.length() > 998) {
                // What the API refuses in header values: NUL, a bare CR, and lines past RFC 5322's 998 characters.
                throw new IllegalArgumentException("a header line holds a NUL or a bare CR, or is over 998 characters");
            }
            if (line.isEmpty()) {
                if (name != null) {
                    fields.add(new Field(name, current.toString()));
                }
                return new RawMessage(fields, data, next);
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (name == null) {
                    throw new IllegalArgumentException("the message starts with a folded line");
                }
                current.append("\r\n").append(line);
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0 || !line.substring(0, colon).chars().allMatch(c -> c >= 33 && c <= 126)) {
                    throw new IllegalArgumentException("a header line is not a field: it has no name and colon");
                }
                if (name != null) {
                    fields.add(new Field(name, current.toString()));
                }
                name = line.substring(0, colon);
                current = new StringBuilder(line.substring(colon + 1));
            }
            i = next;
        }
        if (name != null) {
            fields.add(new Field(name, current.toString()));
        }
        return new RawMessage(fields, data, data.length); // header only, no body
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first field of that name, unfolded. */
    public Optional<String> header(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().map(Field::unfolded);
    }

    /** Every field of that name. */
    public List<Field> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
    }

    /** The body: everything after the header block, as it came. */
    public byte[] body() {
        return java.util.Arrays.copyOfRange(data, bodyStart, data.length);
    }

    /** The whole message as bytes. */
    public byte[] bytes() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /**
     * The same message with {@code first} fields put before all others, the fields named in {@code replace} taken
     * out (their new values, if any, go in {@code first}), and the body unchanged.
     */
    public RawMessage with(List<Field> first, List<String> replace) {
        List<Field> out = new ArrayList<>(first);
        List<String> names = replace.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        fields.stream().filter(f -> !names.contains(f.name().toLowerCase(Locale.ROOT))).forEach(out::add);
        return withFields(out);
    }

    /**
     * The same message with the first field named {@code name} replaced, where it stands, by {@code replacement},
     * and the fields named in {@code remove} dropped: trace fields stay on top.
     */
    public RawMessage replacing(String name, List<Field> replacement, List<String> remove) {
        List<Field> out = new ArrayList<>();
        List<String> names = remove.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        boolean done = false;
        for (Field f : fields) {
            if (!done && f.name().equalsIgnoreCase(name)) {
                out.addAll(replacement);
                done = true;
            } else if (!names.contains(f.name().toLowerCase(Locale.ROOT)) && !f.name().equalsIgnoreCase(name)) {
                out.add(f);
            }
        }
        return withFields(out);
    }

    private RawMessage withFields(List<Field> out) {
        StringBuilder head = new StringBuilder();
        for (Field f : out) {
            head.append(f.name()).append(':').append(f.value()).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + data.length - bodyStart];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(data, bodyStart, all, h.length, data.length - bodyStart);
        return parse(all);
    }
}
