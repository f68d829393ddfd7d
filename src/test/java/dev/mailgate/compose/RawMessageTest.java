package dev.mailgate.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A submitted message is read and added to without touching its body or its 8-bit header bytes. */
class RawMessageTest {

    static final byte[] GBK_SUBJECT = "Subject: 磁盘告警".getBytes(Charset.forName("GBK"));

    static byte[] message() {
        byte[] head = ("From: Ops <ops@example.com>\r\nTo: a@example.com,\r\n b@example.com\r\n").getBytes(
                StandardCharsets.ISO_8859_1);
        byte[] body = "\r\n\r\n.leading dot\r\n8-bit: é\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + GBK_SUBJECT.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(GBK_SUBJECT, 0, all, head.length, GBK_SUBJECT.length);
        System.arraycopy(body, 0, all, head.length + GBK_SUBJECT.length, body.length);
        return all;
    }

    @Test
    void readsFoldedFieldsAndKeepsTheBody() {
        RawMessage m = RawMessage.parse(message());
        assertEquals("a@example.com, b@example.com", m.header("to").orElseThrow());
        assertEquals(3, m.fields().size());
        assertArrayEquals(".leading dot\r\n8-bit: é\r\n".getBytes(StandardCharsets.UTF_8), m.body());
    }

    @Test
    void addingAndReplacingFieldsLeavesEverythingElseByteForByte() {
        RawMessage m = RawMessage.parse(message());
        RawMessage changed = m.with(List.of(RawMessage.Field.of("Received", "from x\r\n\tby y"),
                RawMessage.Field.of("From", "bot@qq.com")), List.of("From"));
        String text = new String(changed.bytes(), StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("Received: from x\r\n\tby y\r\nFrom: bot@qq.com\r\nTo: a@example.com,\r\n b@example.com\r\n"),
                text);
        assertArrayEquals(m.body(), changed.body());
        byte[] bytes = changed.bytes();
        assertTrue(new String(bytes, StandardCharsets.ISO_8859_1).contains(
                new String(GBK_SUBJECT, StandardCharsets.ISO_8859_1)), "the GBK subject bytes are untouched");
    }

    @Test
    void untouchedFieldsKeepTheirSpacingAndAReplacedOneItsPlace() {
        RawMessage m = RawMessage.parse(("Received: from a\r\nSubject:no space\r\nFrom:\r\n Ops <ops@example.com>\r\n"
                + "To: b@example.com\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII));
        RawMessage changed = m.replacing("From", List.of(RawMessage.Field.of("From", "bot@qq.com"),
                RawMessage.Field.of("Reply-To", "ops@example.com")), List.of());
        assertEquals("Received: from a\r\nSubject:no space\r\nFrom: bot@qq.com\r\nReply-To: ops@example.com\r\n"
                + "To: b@example.com\r\n\r\nbody", new String(changed.bytes(), StandardCharsets.US_ASCII));
        assertEquals("Ops <ops@example.com>", m.header("From").orElseThrow());
    }

    @Test
    void aHeaderLineThatIsNotAFieldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RawMessage.parse(
                "this is not a header\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> RawMessage.parse(
                "Subject: a\0b\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> RawMessage.parse(
                "Subject: a\rBcc: x@example.com\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)));
    }
}
