package dev.mailgate.support;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The SMTP relay on ephemeral ports (plain with STARTTLS, and implicit TLS), API keys on, in front of one QQ-style
 * account (From must be its login) that is really GreenMail: what arrives there is what the relay sent.
 */
public class RelayProfile implements QuarkusTestProfile {

    public static final String KEY = "mg_relay_test_key_9f2c";
    public static final String KEY_NAME = "grafana";
    public static final String LOGIN = "bot@mailgate.test";
    public static final String TRUSTED_SENDER = "cron@alerts.mailgate.test";
    /** A key allowed one message a minute. */
    public static final String LIMITED_KEY = "mg_relay_limited_5d1a";

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static GreenMail greenMail;

        @Override
        public Map<String, String> start() {
            // The account's mailbox too (IMAPS), where bounces of relayed messages come back to.
            greenMail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort(),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort() })
                    .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, "abcdefghijklmnop"));
            greenMail.start();
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.mailer.mock", "false");
            String a = "mailgate.accounts.qq.";
            c.put(a + "provider", "qq");
            c.put(a + "username", LOGIN);
            c.put(a + "password", "abcdefghijklmnop");
            c.put(a + "host", "127.0.0.1");
            c.put(a + "port", Integer.toString(greenMail.getSmtps().getPort()));
            c.put(a + "tls-configuration-name", "greenmail");
            c.put("mailgate.bounces.enabled", "true");
            c.put("mailgate.bounces.poll-interval", "10m");
            c.put(a + "imap.host", "127.0.0.1");
            c.put(a + "imap.port", Integer.toString(greenMail.getImaps().getPort()));
            c.put(a + "imap.tls-configuration-name", "greenmail");
            c.put("quarkus.tls.greenmail.trust-all", "true");
            c.put("mailgate.health.smtp-check", "false");
            c.put("mailgate.auth.enabled", "true");
            c.put("mailgate.auth.keys." + KEY_NAME + ".sha256", SecuredProfile.sha256(KEY));
            c.put("mailgate.auth.keys." + KEY_NAME + ".senders", LOGIN + ",*@alerts.mailgate.test");
            c.put("mailgate.auth.keys.limited.sha256", SecuredProfile.sha256(LIMITED_KEY));
            c.put("mailgate.auth.keys.limited.senders", LOGIN);
            c.put("mailgate.auth.keys.limited.per-minute", "1");
            c.put("mailgate.relay.enabled", "true");
            c.put("mailgate.relay.host", "127.0.0.1");
            c.put("mailgate.relay.port", "0");
            c.put("mailgate.relay.tls-port", "0");
            c.put("mailgate.relay.tls-configuration-name", "relay");
            c.put("quarkus.tls.relay.key-store.p12.path", certificate().toString());
            c.put("quarkus.tls.relay.key-store.p12.password", "changeit");
            c.put("mailgate.relay.trusted-networks", "127.0.0.2/32");
            c.put("mailgate.relay.trusted-senders", TRUSTED_SENDER);
            c.put("mailgate.relay.max-message-size", "200K");
            c.put("mailgate.relay.max-bytes-in-flight", "300K");
            c.put("mailgate.relay.max-recipients", "3");
            c.put("mailgate.relay.idle-timeout", "2s");
            c.put("mailgate.relay.max-auth-failures", "3");
            return c;
        }

        /** GreenMail's self-signed certificate, as a file for the TLS registry. */
        private static Path certificate() {
            try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
                Path file = Files.createTempFile("relay", ".p12");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
                return file;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            greenMail.stop();
        }
    }

    public static GreenMail backend() {
        return Resource.greenMail;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
