package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How named accounts combine with their presets, and that start-up lists every problem of every account at once. */
class AccountRulesTest {

    static AccountConfig.Accounts accounts(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(AccountConfig.Accounts.class, "mailgate.accounts")
                .withSources(new PropertiesConfigSource(props, "test", 100)).build();
        return config.getConfigMapping(AccountConfig.Accounts.class, "mailgate.accounts");
    }

    @Test
    void theIssuesExampleIsComplete() {
        AccountConfig.Accounts a = accounts(Map.of(
                "mailgate.accounts.primary.provider", "qq",
                "mailgate.accounts.primary.username", "123456@qq.com",
                "mailgate.accounts.primary.password", "abcdefghijklmnop",
                "mailgate.accounts.primary.daily-quota", "450",
                "mailgate.accounts.backup.provider", "163",
                "mailgate.accounts.backup.username", "alerts@163.com",
                "mailgate.accounts.backup.password", "qrstuvwxyzabcdef",
                "mailgate.accounts.backup.priority", "2"));
        assertEquals(List.of(), AccountRules.problems(a, false));
        assertEquals(List.of("primary", "backup"), a.ordered());
        AccountConfig backup = a.named().get("backup");
        assertEquals("smtp.163.com", AccountRules.host(backup));
        assertEquals(465, AccountRules.port(backup));
        assertTrue(AccountRules.implicitTls(backup));
        assertEquals("REQUIRED", AccountRules.login(backup));
    }

    @Test
    void explicitSettingsWinOverThePreset() {
        AccountConfig relay = accounts(Map.of(
                "mailgate.accounts.relay.host", "smtp.example.com",
                "mailgate.accounts.relay.port", "587",
                "mailgate.accounts.relay.start-tls", "required",
                "mailgate.accounts.relay.username", "svc",
                "mailgate.accounts.relay.password", "secret-secret",
                "mailgate.accounts.relay.from", "alerts@example.com")).named().get("relay");
        assertEquals(Provider.CUSTOM, AccountRules.provider(relay), "a host without a provider is a custom relay");
        assertEquals(587, AccountRules.port(relay));
        assertFalse(AccountRules.implicitTls(relay));
        assertEquals("REQUIRED", AccountRules.startTls(relay));
        assertEquals("alerts@example.com", AccountRules.from(relay).orElseThrow());
    }

    @Test
    void everyProblemOfEveryAccountIsListedAndNoValueIsEchoed() {
        AccountConfig.Accounts a = accounts(Map.of(
                "mailgate.accounts.reply-to", "somewhere",
                "mailgate.accounts.primary.provider", "nope",
                "mailgate.accounts.primary.username", "123456@qq.com",
                "mailgate.accounts.backup.provider", "163",
                "mailgate.accounts.backup.password", "hunter2-hunter2",
                "mailgate.accounts.backup.daily-quota", "0",
                "mailgate.accounts.relay.provider", "custom",
                "mailgate.accounts.relay.username", "relay@example.com",
                "mailgate.accounts.relay.password", "relay-password-1",
                "mailgate.accounts.Bad.username", "x@example.com"));
        List<String> problems = AccountRules.problems(a, true);
        String all = String.join("\n", problems);
        for (String expected : List.of("mailgate.smtp.username/password are ignored", "mailgate.accounts.reply-to",
                "mailgate.accounts.primary.provider", "mailgate.accounts.primary.password is missing",
                "mailgate.accounts.backup.username is missing", "mailgate.accounts.backup.daily-quota",
                "mailgate.accounts.relay.host", "mailgate.accounts.relay.AUTH without TLS",
                "mailgate.accounts.Bad.*")) {
            assertTrue(all.contains(expected), expected + " missing from:\n" + all);
        }
        assertFalse(all.contains("hunter2") || all.contains("relay-password"), "values are never echoed");
    }

    @Test
    void aQqAccountsFromMustBeItsLogin() {
        AccountConfig.Accounts a = accounts(Map.of(
                "mailgate.accounts.primary.username", "123456@qq.com",
                "mailgate.accounts.primary.password", "abcdefghijklmnop",
                "mailgate.accounts.primary.from", "other@qq.com"));
        assertTrue(AccountRules.problems(a, false).getFirst().contains("501"));
    }
}
