package dev.mailgate.relay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.Prerequisite;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The README's dev-mode command: Python's smtplib, the simplest SMTP client there is, against the relay as dev mode
 * runs it (this machine only, no keys, no TLS, mail captured); the message shows up in /dev/outbox.
 */
@QuarkusTest
@TestProfile(RelayDevModeTest.Profile.class)
class RelayDevModeTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // What %dev sets in application.properties, on a free port.
            return Map.of("mailgate.relay.enabled", "true", "mailgate.relay.host", "127.0.0.1",
                    "mailgate.relay.port", "0", "mailgate.relay.allow-plaintext-auth", "true");
        }
    }

    @Inject
    RelayServer relay;

    @Test
    void smtplibLandsInTheDevOutbox() throws Exception {
        boolean python = new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        Prerequisite.require("python3", python, Prerequisite.debianPackage("python3"));
        String script = """
                import smtplib, sys
                from email.message import EmailMessage
                m = EmailMessage()
                m['From'] = 'Cron <cron@example.com>'
                m['To'] = 'alice@example.com'
                m['Subject'] = 'nightly backup: ok'
                m['Cc'] = 'Bob <bob@example.com>'
                m['X-Custom'] = 'backup-42'
                m.set_content('All 3 volumes copied.')
                with smtplib.SMTP('127.0.0.1', int(sys.argv[1])) as s:
                    s.send_message(m)
                """;
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(relay.port()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Await.until("the message in /dev/outbox", java.time.Duration.ofSeconds(10), () -> given().get("/dev/outbox")
                .then().extract().<List<?>>path("").size() == 1);
        given().get("/dev/outbox").then().body("[0].subject", equalTo("nightly backup: ok"))
                .body("[0].text", equalTo("All 3 volumes copied.\r\n"))
                // The test account is QQ-style: sent as its login, under the tool's display name.
                .body("[0].from", equalTo("Cron <test@mailgate.local>"))
                // As production sends it: the tool's address as Reply-To, and its own header fields.
                .body("[0].replyTo", equalTo("Cron <cron@example.com>"))
                .body("[0].to", equalTo(List.of("alice@example.com")))
                .body("[0].cc", equalTo(List.of("Bob <bob@example.com>")))
                .body("[0].headers.'X-Custom'", equalTo(List.of("backup-42")))
                .body("[0].headers.'X-Mailgate-Original-From'", equalTo(List.of("Cron <cron@example.com>")));
    }
}
