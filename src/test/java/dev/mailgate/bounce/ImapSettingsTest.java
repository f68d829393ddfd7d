package dev.mailgate.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.mailgate.config.BounceConfig;

/** Where each account's mailbox is: the preset, the account's own login, and the overrides; every problem at once. */
class ImapSettingsTest {

    /** imap.* settings as given. */
    record Given(Optional<String> host, OptionalInt port, Optional<Boolean> tls, Optional<String> username,
            Optional<String> password, Optional<List<String>> folders) implements BounceConfig.Imap {
        static Given none() {
            return new Given(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<String> tlsConfigurationName() {
            return Optional.empty();
        }
    }

    @Test
    void presetsGiveTheServerAndTheAccountsLoginIsUsed() {
        ImapSettings qq = ImapSettings.resolve("main", "qq", Given.none(), Optional.of("12345@qq.com"),
                Optional.of("abcdefghijklmnop"), "mailgate.accounts.main.imap.").settings().orElseThrow();
        assertEquals("imap.qq.com", qq.host());
        assertEquals(993, qq.port());
        assertTrue(qq.tls());
        assertEquals(List.of("INBOX", "Junk"), qq.folders());
        assertEquals("12345@qq.com", qq.username());
        assertEquals("abcdefghijklmnop", qq.password());
        assertFalse(qq.sendId());

        ImapSettings netease = ImapSettings.resolve("b", "163", Given.none(), Optional.of("a@163.com"), Optional.of("x"),
                "p.").settings().orElseThrow();
        assertEquals("imap.163.com", netease.host());
        assertTrue(netease.sendId(), "163 and 126 want the ID command");
        assertEquals(List.of("INBOX", "[Gmail]/Spam"), ImapSettings.resolve("g", "gmail", Given.none(),
                Optional.of("a@gmail.com"), Optional.of("x"), "p.").settings().orElseThrow().folders());
        assertEquals("outlook.office365.com", ImapSettings.resolve("o", "office365", Given.none(),
                Optional.of("a@outlook.com"), Optional.of("x"), "p.").settings().orElseThrow().host());
    }

    @Test
    void overridesWin() {
        Given g = new Given(Optional.of("imap.example.com"), OptionalInt.of(143), Optional.of(false),
                Optional.of("bounces@example.com"), Optional.of("other"), Optional.of(List.of("INBOX", "Spam")));
        ImapSettings s = ImapSettings.resolve("main", "qq", g, Optional.of("12345@qq.com"), Optional.of("p"), "x.")
                .settings().orElseThrow();
        assertEquals("imap.example.com:143", s.host() + ":" + s.port());
        assertFalse(s.tls());
        assertEquals("bounces@example.com", s.username());
        assertEquals(List.of("INBOX", "Spam"), s.folders());
    }

    @Test
    void aCustomAccountNeedsAHostAndEveryProblemIsNamedWithoutThePassword() {
        ImapSettings.Resolved r = ImapSettings.resolve("relay", "custom", Given.none(), Optional.empty(),
                Optional.of("s3cret-password"), "mailgate.accounts.relay.imap.");
        assertTrue(r.settings().isEmpty());
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith("mailgate.accounts.relay.imap.host is needed"), r.problems().get(0));
        assertTrue(r.problems().get(1).contains("username and password"), r.problems().get(1));
        assertFalse(r.problems().toString().contains("s3cret-password"));
        ImapSettings s = ImapSettings.resolve("a", "qq", Given.none(), Optional.of("1@qq.com"),
                Optional.of("s3cret-password"), "p.").settings().orElseThrow();
        assertFalse(s.toString().contains("s3cret-password"), s.toString());
    }
}
