package dev.mailgate.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * GreenMail with API keys on, configured by hash as an operator would, and the log also written to a file. Bounces are
 * on, with an IMAP password the mailbox refuses (as QQ does while IMAP is off in its settings): sending goes on.
 */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String KEY = "mg_live_4f9d2c7a1b8e6035_test";
    public static final String LIMITED_KEY = "mg_live_limited_9a8b7c6d_test";
    public static final String LOG = "target/secured-test.log";
    public static final String WRONG_IMAP_PASSWORD = "wrong-imap-secret-4711";

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("mailgate.auth.enabled", "true"),
                Map.entry("mailgate.auth.keys.ci.sha256", sha256(KEY)),
                Map.entry("mailgate.auth.keys.ci.senders", GreenMailResource.LOGIN + ",*@alerts.mailgate.test"),
                Map.entry("mailgate.auth.keys.limited.sha256", sha256(LIMITED_KEY)),
                Map.entry("mailgate.auth.keys.limited.per-minute", "2"),
                Map.entry("mailgate.bounces.enabled", "true"),
                Map.entry("mailgate.imap.password", WRONG_IMAP_PASSWORD),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.path", LOG));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GreenMailResource.class));
    }
}
