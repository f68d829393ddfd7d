package dev.mailgate.support;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTPS server (implicit TLS, AUTH PLAIN/LOGIN) for the test JVM, with mailgate pointed at it the way an
 * operator would: only standard quarkus.mailer.* properties plus a named TLS configuration trusting its certificate.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    public static final String LOGIN = "bot@mailgate.test";
    public static final String PASSWORD = "abcdefghijklmnop";

    private static GreenMail greenMail;

    public static GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public Map<String, String> start() {
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        // The account's mailbox too, over IMAPS: where bounces come back to (read when a profile turns bounces on).
        ServerSetup imaps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort();
        greenMail = new GreenMail(new ServerSetup[] { smtps, imaps })
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, PASSWORD));
        greenMail.start();
        int port = greenMail.getSmtps().getPort();
        return Map.ofEntries(
                Map.entry("mailgate.imap.host", "127.0.0.1"),
                Map.entry("mailgate.imap.port", Integer.toString(greenMail.getImaps().getPort())),
                Map.entry("mailgate.imap.tls-configuration-name", "greenmail"),
                Map.entry("quarkus.mailer.mock", "false"),
                Map.entry("mailgate.provider", "custom"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", Integer.toString(port)),
                Map.entry("quarkus.mailer.tls", "true"),
                Map.entry("quarkus.mailer.tls-configuration-name", "greenmail"),
                Map.entry("quarkus.tls.greenmail.trust-all", "true"),
                Map.entry("quarkus.mailer.login", "REQUIRED"),
                Map.entry("quarkus.mailer.auth-methods", "PLAIN LOGIN"),
                Map.entry("quarkus.mailer.username", LOGIN),
                Map.entry("quarkus.mailer.password", password()),
                Map.entry("quarkus.mailer.from", "Mailgate Bot <" + LOGIN + ">"),
                Map.entry("mailgate.health.smtp-check-interval", "1s"),
                // Small, so the 413 test need not upload 35 MB.
                Map.entry("quarkus.http.limits.max-body-size", "2M"),
                Map.entry("mailgate.limits.max-json-size", "1M"));
    }

    /** Overridden by profiles that need the server to refuse the login. */
    protected String password() {
        return PASSWORD;
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
