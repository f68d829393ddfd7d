package dev.mailgate.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MailboxAddressTest {

    @Test
    void bareAndNamedForms() {
        MailboxAddress a = MailboxAddress.parse(" bot@qq.com ").value();
        assertEquals("bot@qq.com", a.address());
        assertNull(a.displayName());
        MailboxAddress b = MailboxAddress.parse("张三 <bot@qq.com>").value();
        assertEquals("张三", b.displayName());
        assertEquals("bot@qq.com", b.address());
        assertEquals("张三 <bot@qq.com>", b.toHeaderForm());
        assertEquals("Ops", MailboxAddress.parse("\"Ops\" <ops@example.com>").value().displayName());
    }

    @Test
    void asciiNameWithSpecialsIsQuoted() {
        assertEquals("\"Doe, John\" <j@example.com>", MailboxAddress.parse("Doe, John <j@example.com>").value().toHeaderForm());
    }

    @ParameterizedTest
    @ValueSource(strings = { "a@", "@b", "a@b@c", "<a@b>>", "a b@example.com", "a@example", "a..b@example.com",
            "用户@example.com", "a@例子.com", "x <a@b.com", "a@-b.com", "Na(me) <a@b.com>", "a\r\n@b.com", "" })
    void rejected(String raw) {
        assertFalse(MailboxAddress.parse(raw).ok(), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = { "a@b.co", "first.last+tag@sub.example.com", "o'brien@example.ie", "x@xn--fsq.com",
            "Bot <bot@qq.com>" })
    void accepted(String raw) {
        assertTrue(MailboxAddress.parse(raw).ok(), raw);
    }

    @Test
    void nonAsciiLocalPartSaysWhy() {
        assertTrue(MailboxAddress.parse("用户@example.com").error().contains("SMTPUTF8"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Alice <a@example.com>, bob@example.com", "a@example.com,b@example.com",
            "a@example.com; b@example.com", "\"Doe, John\" <j@example.com>, x@example.com" })
    void aListInOneStringSaysToGiveOneAddressPerElement(String raw) {
        String error = MailboxAddress.parseSingle(raw).error();
        assertTrue(error != null && error.startsWith("holds more than one address"), raw + ": " + error);
    }

    @Test
    void aCommaInADisplayNameIsStillOneAddress() {
        assertTrue(MailboxAddress.parseSingle("Doe, John <j@example.com>").ok());
        assertTrue(MailboxAddress.parseSingle("\"Doe, John\" <j@example.com>").ok());
        // What was stored before the check keeps parsing as it did (a queued message must still go out).
        assertTrue(MailboxAddress.parse("bob@y.com, Alice <a@x.com>").ok());
    }
}
