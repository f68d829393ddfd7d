package dev.mailgate.compose;

import java.nio.charset.StandardCharsets;

/**
 * Filename parameters for attachment and inline parts.
 * <p>
 * Why both encodings: QQ Mail, Foxmail and Outlook read RFC 2047 encoded-words inside {@code name="..."} and
 * {@code filename="..."}, while QQ shows RFC 2231 <em>continuations</em> ({@code filename*0*=...}) as
 * {@code tcmime.*.bin}. Strict parsers (Jakarta Mail/Angus with default settings) ignore RFC 2047 in parameters and
 * decode only RFC 2231. So a non-ASCII name is written as
 * {@code filename="=?UTF-8?B?...?="; filename*=UTF-8''...}: the RFC 2231 value is a single segment (never continued,
 * which is what QQ gets wrong) and comes last, because parsers that understand it let it win (RFC 6266 §4.3).
 * {@code name=} in Content-Type carries the RFC 2047 form for clients that only look there.
 * <p>
 * Lines are folded with a bare {@code \n}, as the Vert.x encoder folds its own headers; mailgate's SMTP writer turns
 * every header line break into CRLF.
 */
public final class AttachmentHeaders {

    /** Common filesystem limit; also keeps each folded header line far below RFC 5322's 998 characters. */
    static final int MAX_NAME_BYTES = 255;
    /** Where a folded parameter value starts: {@code  filename="}. */
    private static final int PARAMETER_INDENT = 11;
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private AttachmentHeaders() {
    }

    /**
     * Reduces a client-supplied filename to a safe basename: no directories, no control characters, no quotes or
     * backslashes, at most {@value #MAX_NAME_BYTES} UTF-8 bytes with the extension kept. Returns null when nothing
     * usable is left.
     */
    public static String safeBasename(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == '"') {
                sb.append('_');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String name = sb.toString().strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            return null;
        }
        return truncate(name);
    }

    private static String truncate(String name) {
        if (utf8Length(name) <= MAX_NAME_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = ext.isEmpty() ? name : name.substring(0, dot);
        int budget = MAX_NAME_BYTES - utf8Length(ext);
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length();) {
            int cp = stem.codePointAt(i);
            int len = utf8Length(new String(Character.toChars(cp)));
            if (used + len > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return out + ext;
    }

    /** {@code type; name="..."}. */
    public static String contentType(String contentType, String filename) {
        return contentType + ";\n name=\"" + legacyValue(filename) + "\"";
    }

    /** {@code attachment; filename="..."[; filename*=UTF-8''...]} (or inline). */
    public static String disposition(String kind, String filename) {
        String d = kind + ";\n filename=\"" + legacyValue(filename) + "\"";
        if (!isAscii(filename)) {
            d += ";\n filename*=UTF-8''" + rfc2231(filename);
        }
        return d;
    }

    /** The filename a {@link #disposition} value carries: the RFC 2231 form if there is one, else the quoted one. */
    public static String filenameOf(String disposition) {
        if (disposition == null) {
            return null;
        }
        int ext = disposition.indexOf("filename*=UTF-8''");
        if (ext >= 0) {
            String value = disposition.substring(ext + "filename*=UTF-8''".length()).split("[;\\s]", 2)[0];
            return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        int q = disposition.indexOf("filename=\"");
        if (q < 0) {
            return null;
        }
        int start = q + "filename=\"".length();
        int end = disposition.indexOf('"', start);
        return end < 0 ? null : disposition.substring(start, end);
    }

    private static String legacyValue(String filename) {
        return isAscii(filename) ? filename : rfc2047(filename);
    }

    /** RFC 2047 B-encoding in whole code points, words of at most 75 characters, folded with a bare LF. */
    static String rfc2047(String text) {
        return EncodedWords.encode(text, PARAMETER_INDENT).replace(EncodedWords.FOLD, "\n ");
    }

    /** RFC 2231 / RFC 5987 ext-value without the charset prefix. */
    static String rfc2231(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATTR_CHARS.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
