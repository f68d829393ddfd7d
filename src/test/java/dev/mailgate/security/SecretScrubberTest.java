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

    @Test
    void findsEveryNamedAccountsPasswordAsPropertyOrEnvironmentVariable() {
        var config = new io.smallrye.config.SmallRyeConfigBuilder().withSources(new io.smallrye.config.PropertiesConfigSource(
                java.util.Map.of("mailgate.accounts.primary.username", "a@qq.com",
                        "mailgate.accounts.primary.password", "primarysecret1234",
                        "MAILGATE_ACCOUNTS_BACKUP_USERNAME", "b@163.com",
                        "MAILGATE_ACCOUNTS_BACKUP_PASSWORD", "backupsecret5678"), "test", 100)).build();
        java.util.List<String> secrets = SecretScrubber.accountSecrets(config);
        String backupPlain = Base64.getEncoder().encodeToString("\0b@163.com\0backupsecret5678"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(true, secrets.contains("primarysecret1234"));
        assertEquals(true, secrets.contains("backupsecret5678"));
        assertEquals(true, secrets.contains(backupPlain), "AUTH PLAIN as the backup account sends it");
    }
}
