package dev.mailgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretScrubberTest {

    final SecretScrubber scrubber = new SecretScrubber(Optional.of("bot@qq.com"), Optional.of("abcdefghijklmnop"));

    @Test
    void removesPlainAndAuthPlainForms() {
        String plain = Base64.getEncoder().encodeToString("\0bot@qq.com\0abcdefghijklmnop".getBytes(StandardCharsets.UTF_8));
        String login = Base64.getEncoder().encodeToString("abcdefghijklmnop".getBytes(StandardCharsets.UTF_8));
        assertEquals("x [redacted] y [redacted] z [redacted]",
                scrubber.apply("x abcdefghijklmnop y " + plain + " z " + login));
    }

    @Test
    void leavesOtherTextAlone() {
        assertEquals("535 Login Fail", scrubber.apply("535 Login Fail"));
    }
}
