package dev.mailgate.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;

class AttachmentHeadersTest {

    /** Parses the headers as Jakarta Mail would after they crossed SMTP (bare LF folding becomes CRLF). */
    static MimeBodyPart parse(String contentType, String disposition) throws Exception {
        String raw = ("Content-Type: " + contentType + "\nContent-Disposition: " + disposition + "\n\nx\n")
                .replace("\n", "\r\n");
        return new MimeBodyPart(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void asciiNameIsPlainQuoted() throws Exception {
        assertEquals("attachment;\n filename=\"report 2026.pdf\"", AttachmentHeaders.disposition("attachment", "report 2026.pdf"));
        MimeBodyPart p = parse(AttachmentHeaders.contentType("application/pdf", "report 2026.pdf"),
                AttachmentHeaders.disposition("attachment", "report 2026.pdf"));
        assertEquals("report 2026.pdf", p.getFileName());
    }

    @Test
    void chineseNameDecodesInJakartaAndCarriesTheRfc2047Form() throws Exception {
        String name = "季度报告（终版）.xlsx";
        String disposition = AttachmentHeaders.disposition("attachment", name);
        MimeBodyPart p = parse(AttachmentHeaders.contentType("application/vnd.ms-excel", name), disposition);
        assertEquals(name, p.getFileName());
        // The RFC 2047 form that QQ Mail reads is what the legacy parameters decode to.
        String legacy = p.getContentType().replaceAll("(?s).*name=\"(.*)\".*", "$1").replaceAll("\\s+", " ");
        assertEquals(name, MimeUtility.decodeText(legacy));
        assertFalse(disposition.contains("filename*0"), "no RFC 2231 continuations");
    }

    @Test
    void longNameStaysOneRfc2231SegmentAndFitsHeaderLines() throws Exception {
        String name = "很".repeat(120) + ".pdf";
        String disposition = AttachmentHeaders.disposition("attachment", AttachmentHeaders.safeBasename(name));
        assertTrue(disposition.lines().allMatch(l -> l.length() < 998));
        java.util.regex.Matcher words = java.util.regex.Pattern.compile("=\\?UTF-8\\?B\\?[^?]*\\?=").matcher(disposition);
        int count = 0;
        while (words.find()) {
            assertTrue(words.group().length() <= 75, "RFC 2047 caps an encoded-word at 75 characters: " + words.group());
            count++;
        }
        assertTrue(count > 1, "a long name needs several encoded-words");
        MimeBodyPart p = parse("application/pdf", disposition);
        assertTrue(p.getFileName().endsWith(".pdf"));
        assertTrue(p.getFileName().getBytes(StandardCharsets.UTF_8).length <= 255);
    }

    @Test
    void emojiIsNotSplitAcrossEncodedWords() throws Exception {
        String name = "😀".repeat(30) + ".png";
        String legacy = AttachmentHeaders.rfc2047(name);
        assertEquals(name, MimeUtility.decodeText(legacy.replace("\n", "")));
    }

    @Test
    void safeBasenameStripsPathsControlsAndQuotes() {
        assertEquals("passwd", AttachmentHeaders.safeBasename("../../etc/passwd"));
        assertEquals("evil.exe", AttachmentHeaders.safeBasename("C:\\Windows\\evil.exe"));
        assertEquals("a_b.txt", AttachmentHeaders.safeBasename("a\"b.txt"));
        assertEquals("a_b", AttachmentHeaders.safeBasename("a\u0007b"));
        assertEquals("htaccess", AttachmentHeaders.safeBasename(".htaccess"));
        assertNull(AttachmentHeaders.safeBasename("../.."));
        assertNull(AttachmentHeaders.safeBasename("  "));
    }

    @Test
    void truncationKeepsTheExtension() {
        String name = AttachmentHeaders.safeBasename("a".repeat(300) + ".tar.gz");
        assertTrue(name.endsWith(".gz"));
        assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length);
    }

    static {
        // Default Jakarta Mail behaviour: RFC 2047 in parameters is NOT decoded, which is the point of the test.
        Session.getDefaultInstance(new Properties());
    }
}
