package dev.mailgate.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A 587-style server: plain text first, STARTTLS required, AUTH only after the upgrade. mailgate is configured the
 * way the gmail/office365/qq-starttls presets configure it (tls=false, start-tls=REQUIRED).
 */
public class StartTlsProfile implements QuarkusTestProfile {

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static FaultSmtpServer server;

        public static FaultSmtpServer server() {
            return server;
        }

        @Override
        public Map<String, String> start() {
            server = new FaultSmtpServer(true);
            return Map.ofEntries(
                    Map.entry("quarkus.mailer.mock", "false"),
                    Map.entry("mailgate.provider", "custom"),
                    Map.entry("quarkus.mailer.host", "127.0.0.1"),
                    Map.entry("quarkus.mailer.port", Integer.toString(server.port())),
                    Map.entry("quarkus.mailer.tls", "false"),
                    Map.entry("quarkus.mailer.start-tls", "REQUIRED"),
                    Map.entry("quarkus.mailer.tls-configuration-name", "starttls"),
                    Map.entry("quarkus.tls.starttls.trust-all", "true"),
                    Map.entry("quarkus.mailer.login", "REQUIRED"),
                    Map.entry("quarkus.mailer.auth-methods", "PLAIN LOGIN"),
                    Map.entry("quarkus.mailer.username", "bot@mailgate.test"),
                    Map.entry("quarkus.mailer.password", "starttls-secret"),
                    Map.entry("quarkus.mailer.from", "bot@mailgate.test"),
                    Map.entry("mailgate.health.smtp-check", "false"));
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
