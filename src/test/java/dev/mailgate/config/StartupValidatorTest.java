package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StartupValidatorTest {

    static List<String> problems(Map<String, String> props, String provider, boolean plaintextOk) {
        return StartupValidator.problems(k -> Optional.ofNullable(props.get(k)), provider, plaintextOk, Duration.ofSeconds(15));
    }

    static Map<String, String> qq() {
        Map<String, String> p = new HashMap<>(ProviderPresetConfigSourceFactoryTest.preset(Map.of()));
        p.put("quarkus.mailer.username", "bot@qq.com");
        p.put("quarkus.mailer.password", "abcdefghijklmnop");
        p.put("quarkus.mailer.from", "bot@qq.com");
        return p;
    }

    @Test
    void completeQqConfigurationHasNoProblems() {
        assertEquals(List.of(), problems(qq(), "qq", false));
    }

    @Test
    void everyProblemIsListedAndNoValueIsEchoed() {
        Map<String, String> p = qq();
        p.remove("quarkus.mailer.username");
        p.remove("quarkus.mailer.password");
        p.put("quarkus.mailer.tls", "false");
        p.put("quarkus.mailer.start-tls", "OPTIONAL");
        p.put("quarkus.mailer.approved-recipients", ".*@staging.example");
        List<String> problems = StartupValidator.problems(k -> Optional.ofNullable(p.get(k)), "nope", false, Duration.ZERO);
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(String.join("\n", problems).contains("approved-recipients"));
        assertTrue(problems.get(0).contains("mailgate.provider"));
        assertTrue(String.join("\n", problems).contains("MAILGATE_SMTP_USERNAME"));
        assertTrue(String.join("\n", problems).contains("MAILGATE_SMTP_PASSWORD"));
        assertTrue(String.join("\n", problems).contains("clear text"));
        assertTrue(String.join("\n", problems).contains("attempt-timeout"));
    }

    @Test
    void plaintextAuthNeedsAnOptIn() {
        Map<String, String> p = qq();
        p.put("quarkus.mailer.tls", "false");
        p.put("quarkus.mailer.start-tls", "OPTIONAL");
        assertEquals(1, problems(p, "qq", false).size());
        assertEquals(0, problems(p, "qq", true).size());
        p.put("quarkus.mailer.start-tls", "REQUIRED");
        assertEquals(0, problems(p, "qq", false).size());
    }

    @Test
    void qqSenderMustBeTheLoginButMayHaveADisplayName() {
        Map<String, String> p = qq();
        p.put("quarkus.mailer.from", "构建机器人 <BOT@qq.com>");
        assertEquals(List.of(), problems(p, "qq", false));
        p.put("quarkus.mailer.from", "other@qq.com");
        assertTrue(problems(p, "qq", false).getFirst().contains("501"));
        assertFalse(problems(p, "custom", false).stream().anyMatch(s -> s.contains("501")));
    }

    @Test
    void customProviderNeedsAHost() {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.mailer.login", "DISABLED");
        assertTrue(problems(p, "custom", false).getFirst().contains("quarkus.mailer.host"));
        p.put("quarkus.mailer.host", "mail.internal");
        assertEquals(List.of(), problems(p, "custom", false));
    }

    @Test
    void theStoreKindIsKnownAndPostgresqlNeedsItsUrl() {
        Map<String, String> none = Map.of();
        assertEquals(List.of(), StartupValidator.storeProblems(k -> Optional.ofNullable(none.get(k)), "embedded"));
        assertTrue(StartupValidator.storeProblems(k -> Optional.empty(), "mysql").getFirst()
                .contains("MAILGATE_STORE_KIND"));
        assertTrue(StartupValidator.storeProblems(k -> Optional.empty(), "postgresql").getFirst()
                .contains("QUARKUS_DATASOURCE_JDBC_URL"));
        Map<String, String> pg = Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/mailgate");
        assertEquals(List.of(), StartupValidator.storeProblems(k -> Optional.ofNullable(pg.get(k)), "PostgreSQL"));
    }
}
