package dev.mailgate.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two SMTP accounts: {@code primary} on the scripted {@link FaultSmtpServer} (plain, priority 1) and {@code backup}
 * on GreenMail (implicit TLS, priority 2), configured as an operator would with {@code mailgate.accounts.*}.
 */
public class TwoAccountsProfile implements QuarkusTestProfile {

    public static final String PRIMARY = "primary@mailgate.test";
    public static final String BACKUP = "backup@mailgate.test";
    static final String BACKUP_PASSWORD = "qrstuvwxyzabcdef";

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static FaultSmtpServer server;
        private static GreenMail greenMail;

        @Override
        public Map<String, String> start() {
            server = new FaultSmtpServer();
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                    .withConfiguration(GreenMailConfiguration.aConfig().withUser(BACKUP, BACKUP, BACKUP_PASSWORD));
            greenMail.start();
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.mailer.mock", "false");
            String p = "mailgate.accounts.primary.";
            c.put(p + "host", "127.0.0.1");
            c.put(p + "port", Integer.toString(server.port()));
            c.put(p + "tls", "false");
            c.put(p + "login", "REQUIRED");
            c.put(p + "allow-plaintext-auth", "true");
            c.put(p + "username", PRIMARY);
            c.put(p + "password", "fault-secret-123");
            // Each case resets the scripted server, which closes its connections: no pooling for the primary, so every
            // case starts from a fresh connection.
            c.put(p + "keep-alive-timeout", "1ms");
            String b = "mailgate.accounts.backup.";
            c.put(b + "host", "127.0.0.1");
            c.put(b + "port", Integer.toString(greenMail.getSmtps().getPort()));
            c.put(b + "tls", "true");
            c.put(b + "tls-configuration-name", "greenmail");
            c.put("quarkus.tls.greenmail.trust-all", "true");
            c.put(b + "login", "REQUIRED");
            c.put(b + "username", BACKUP);
            c.put(b + "password", BACKUP_PASSWORD);
            c.put(b + "priority", "2");
            c.put(b + "senders", "*@alerts.mailgate.test");
            c.put("mailgate.accounts.reply-to", "primary");
            c.put("mailgate.delivery.attempt-timeout", "2s");
            c.put("mailgate.health.smtp-check", "false");
            // Long enough that the backup's TLS round trip on a busy machine ends well within it.
            c.put("mailgate.delivery.throttle-pause", "1500ms");
            c.put("mailgate.delivery.throttle-max-pause", "3s");
            c.put("mailgate.outbox.retry-initial", "200ms");
            c.put(FaultServerProfile.FT + "retry.delay", "100ms");
            c.put(FaultServerProfile.FT + "circuit-breaker.request-volume-threshold", "3");
            c.put(FaultServerProfile.FT + "circuit-breaker.failure-ratio", "1.0");
            c.put(FaultServerProfile.FT + "circuit-breaker.delay", "4s");
            c.put(FaultServerProfile.FT + "rate-limit.value", "10000");
            return c;
        }

        @Override
        public void stop() {
            server.close();
            greenMail.stop();
        }
    }

    public static FaultSmtpServer primary() {
        return Resource.server;
    }

    public static GreenMail backup() {
        return Resource.greenMail;
    }

    /** A clean slate: scripts, counters, received mail, breakers and throttle gates. */
    public static void fresh(io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers,
            dev.mailgate.delivery.ThrottleGateAccess gates) throws Exception {
        Resource.server.reset();
        Resource.greenMail.purgeEmailFromAllMailboxes();
        breakers.resetAll();
        gates.open();
        Thread.sleep(100);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
