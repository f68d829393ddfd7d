package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.restassured.http.ContentType;

/** Several accounts configured through environment variables, as on Kubernetes, in the production jar. */
class AccountsProdIT {

    @Test
    void everyProblemOfEveryAccountIsListedInOneMessage() throws Exception {
        Map<String, String> env = Map.of(
                "MAILGATE_AUTH_ENABLED", "false",
                "MAILGATE_ACCOUNTS_PRIMARY_PROVIDER", "qq",
                "MAILGATE_ACCOUNTS_PRIMARY_USERNAME", "123456@qq.com",
                "MAILGATE_ACCOUNTS_BACKUP_PROVIDER", "nope",
                "MAILGATE_ACCOUNTS_BACKUP_PASSWORD", "backup-code-never-printed");
        try (ProdJar app = ProdJar.start(env, List.of())) {
            assertTrue(app.process.waitFor(90, TimeUnit.SECONDS), "the gateway should refuse to start");
            String out = app.output();
            assertNotEquals(0, app.process.exitValue(), out);
            assertTrue(out.contains("mailgate.accounts.primary.password is missing"), out);
            assertTrue(out.contains("mailgate.accounts.backup.provider must be one of"), out);
            assertTrue(out.contains("mailgate.accounts.backup.username is missing"), out);
            assertFalse(out.contains("MAILGATE_SMTP_USERNAME"), "the single-account settings are not asked for: " + out);
            assertFalse(out.contains("backup-code-never-printed"), out);
        }
    }

    @Test
    void aRefusedPrimaryLoginFailsOverToTheBackupWhichSendsAsItsOwnLogin() throws Exception {
        String primary = "123456@qq.com";
        String backup = "alerts@163.com";
        String backupCode = "qrstuvwxyzabcdef";
        String wrongCode = "wrong-code-abcdefgh";
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(primary, primary, "abcdefghijklmnop")
                        .withUser(backup, backup, backupCode));
        smtp.start();
        String port = Integer.toString(smtp.getSmtps().getPort());
        // The qq and 163 presets as a user configures them; only host and port point at the local server.
        Map<String, String> env = Map.ofEntries(
                Map.entry("MAILGATE_AUTH_ENABLED", "false"),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_PROVIDER", "qq"),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_USERNAME", primary),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_PASSWORD", wrongCode),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_HOST", "127.0.0.1"),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_PORT", port),
                Map.entry("MAILGATE_ACCOUNTS_PRIMARY_TLS_CONFIGURATION_NAME", "it"),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_PROVIDER", "163"),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_USERNAME", backup),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_PASSWORD", backupCode),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_HOST", "127.0.0.1"),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_PORT", port),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_TLS_CONFIGURATION_NAME", "it"),
                Map.entry("MAILGATE_ACCOUNTS_BACKUP_PRIORITY", "2"),
                Map.entry("QUARKUS_TLS_IT_TRUST_ALL", "true"));
        try (ProdJar app = ProdJar.start(env, List.of())) {
            assertTrue(app.awaitLog("Listening on", 90_000), app.output());
            String messageId = given().port(app.httpPort).contentType(ContentType.JSON)
                    .body("""
                            {"to":["alice@example.com"],"subject":"failover","text":"x"}""")
                    .post("/api/v1/messages")
                    .then().statusCode(200).body("account", equalTo("backup")).extract().path("messageId");
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals(backup, ((InternetAddress) received[0].getFrom()[0]).getAddress());
            assertEquals(messageId, received[0].getMessageID());
            String out = app.output();
            assertTrue(out.contains("account primary cannot take the message (auth_failed); trying account backup"), out);
            assertFalse(out.contains(wrongCode) || out.contains(backupCode), "no password is ever logged");
        } finally {
            smtp.stop();
        }
    }
}
