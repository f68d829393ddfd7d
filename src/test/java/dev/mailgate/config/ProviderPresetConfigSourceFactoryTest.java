package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValue;

class ProviderPresetConfigSourceFactoryTest {

    static Map<String, String> preset(Map<String, String> given) {
        return ProviderPresetConfigSourceFactory.presetProperties(
                name -> given.containsKey(name) ? ConfigValue.builder().withName(name).withValue(given.get(name)).build() : null);
    }

    @Test
    void qqIsTheDefaultWithImplicitTlsAndRequiredLogin() {
        Map<String, String> p = preset(Map.of("mailgate.smtp.username", "bot@qq.com", "mailgate.smtp.password", "abcdabcdabcdabcd"));
        assertEquals("smtp.qq.com", p.get("quarkus.mailer.host"));
        assertEquals("465", p.get("quarkus.mailer.port"));
        assertEquals("true", p.get("quarkus.mailer.tls"));
        assertEquals("REQUIRED", p.get("quarkus.mailer.login"));
        assertEquals("PLAIN LOGIN", p.get("quarkus.mailer.auth-methods"));
        assertEquals("bot@qq.com", p.get("quarkus.mailer.username"));
        assertEquals("abcdabcdabcdabcd", p.get("quarkus.mailer.password"));
        assertEquals("bot@qq.com", p.get("quarkus.mailer.from"), "the sender defaults to the login");
    }

    @Test
    void startTlsPresets() {
        for (String provider : new String[] { "gmail", "office365", "qq-starttls" }) {
            Map<String, String> p = preset(Map.of("mailgate.provider", provider));
            assertEquals("587", p.get("quarkus.mailer.port"), provider);
            assertEquals("false", p.get("quarkus.mailer.tls"), provider);
            assertEquals("REQUIRED", p.get("quarkus.mailer.start-tls"), provider);
        }
        assertEquals("smtp.163.com", preset(Map.of("mailgate.provider", "163")).get("quarkus.mailer.host"));
    }

    @Test
    void customUnsetsEveryPresetDefault() {
        Map<String, String> p = preset(Map.of("mailgate.provider", "custom"));
        ProviderPresetConfigSourceFactory.CUSTOM_RESET.forEach((key, value) ->
                assertEquals(value, p.get(key), key + " must be reset, not inherited from the build-time preset"));
        assertEquals("localhost", p.get("quarkus.mailer.host"));
        assertFalse(p.containsKey("quarkus.mailer.from"));
    }

    @Test
    void standardUsernameDrivesTheDefaultSender() {
        Map<String, String> given = new HashMap<>();
        given.put("quarkus.mailer.username", "ops@example.com");
        assertEquals("ops@example.com", preset(given).get("quarkus.mailer.from"));
    }

    @Test
    void sourceRanksBelowApplicationPropertiesAndEnvironment() {
        assertEquals(true, ProviderPresetConfigSourceFactory.ORDINAL < 250);
    }
}
