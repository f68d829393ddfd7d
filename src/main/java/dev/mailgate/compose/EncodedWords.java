package dev.mailgate.compose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * RFC 2047 encoded words ({@code =?UTF-8?B?...?=}) for non-ASCII header text. Each word is at most 75 characters and
 * holds whole code points only, so no decoder ever sees half a character (the Vert.x encoder encodes UTF-16 units
 * one by one and turns an emoji into "??"). Words are folded onto continuation lines with CRLF SP, and decoders join
 * adjacent words without the whitespace between them (RFC 2047 section 6.2).
 */
public final class EncodedWords {

    /** RFC 2047 section 2: an encoded word is at most 75 characters. */
    static final int MAX_WORD = 75;
    /** RFC 5322 section 2.1.1: lines SHOULD stay within 78 characters; 76 leaves room for a comma. */
    private static final int LINE = 76;
    private static final String PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";
    static final String FOLD = "\r\n ";

    private EncodedWords() {
    }

    /**
     * The text as encoded words, folded. {@code used} is how much of the first line is already taken (the header
     * name and ": ", say), so that the first line keeps to 76 characters too.
     */
    public static String encode(String text, int used) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        int budget = bytesFor(Math.min(MAX_WORD, LINE - used));
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int len = utf8Length(cp);
            if (bytes + len > budget && !chunk.isEmpty()) {
                words.add(word(chunk.toString()));
                chunk.setLength(0);
                bytes = 0;
                budget = bytesFor(Math.min(MAX_WORD, LINE - 1));
            }
            chunk.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        if (!chunk.isEmpty() || words.isEmpty()) {
            words.add(word(chunk.toString()));
        }
        return String.join(FOLD, words);
    }

    /** Whether text can stand in a header as it is: printable ASCII and spaces only. */
    public static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * An unstructured header value (Subject): plain ASCII folded at spaces, anything else as encoded words. Folding
     * keeps long subjects under the 998-character line limit.
     */
    public static String unstructured(String text, int used) {
        if (!isPlainAscii(text)) {
            return encode(text, used);
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        int column = used;
        int start = 0;
        while (start < text.length()) {
            int space = text.indexOf(' ', start + 1);
            int end = space < 0 ? text.length() : space;
            String piece = text.substring(start, end);
            if (column + piece.length() > LINE && start > 0 && piece.startsWith(" ") && piece.length() > 1) {
                out.append("\r\n");
                column = 0;
            }
            out.append(piece);
            column += piece.length();
            start = end;
        }
        return out.toString();
    }

    private static String word(String s) {
        return PREFIX + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    /** How many UTF-8 bytes fit in an encoded word of this many characters. */
    private static int bytesFor(int chars) {
        int base64 = Math.max(4, chars - PREFIX.length() - SUFFIX.length());
        return Math.max(4, base64 / 4 * 3);
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
