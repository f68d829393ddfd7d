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

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailgate.support.SecuredProfile;
import io.restassured.http.ContentType;

/** The production jar, started as an operator would. */
class ProdStartupIT {

    static final String API_KEY = "mg_prod_it_key_6b1e0f";

    @Test
    void missingCredentialsFailStartupWithOneMessageNamingBoth() throws Exception {
        // Two delivery policies out of range, in their environment-variable form: in the same list.
        // And two bad user templates: every problem of both, in the same list.
        java.nio.file.Path templates = java.nio.file.Files.createTempDirectory("mailgate-prod-templates");
        java.nio.file.Files.createDirectories(templates.resolve("welcome"));
        java.nio.file.Files.writeString(templates.resolve("welcome/schema.json"), "{\"type\":\"object\"}");
        java.nio.file.Files.writeString(templates.resolve("welcome/subject.txt"), "{data.name}");
        java.nio.file.Files.writeString(templates.resolve("welcome/body.html"), "{config:quarkus.mailer.password}");
        java.nio.file.Files.createDirectories(templates.resolve("receipt"));
        java.nio.file.Files.writeString(templates.resolve("receipt/schema.json"), "{\"type\":\"object\",\"oneOf\":[]}");
        Map<String, String> env = Map.of("MAILGATE_DELIVERY_RETRY_MAX_RETRIES", "-1",
                "MAILGATE_DELIVERY_CIRCUIT_BREAKER_FAILURE_RATIO", "2", "MAILGATE_TEMPLATES_DIR", templates.toString());
        try (ProdJar app = ProdJar.start(env, List.of())) {
            assertTrue(app.process.waitFor(90, TimeUnit.SECONDS), "the gateway should refuse to start");
            String out = app.output();
            assertNotEquals(0, app.process.exitValue(), out);
            assertTrue(out.contains("configuration problem(s)"), out);
            assertTrue(out.contains("mailgate.delivery.retry.max-retries must be 0 or more"), out);
            assertTrue(out.contains("mailgate.delivery.circuit-breaker.failure-ratio must be above 0 and at most 1"), out);
            assertTrue(out.contains("MAILGATE_SMTP_USERNAME"), out);
            assertTrue(out.contains("MAILGATE_SMTP_PASSWORD"), out);
            assertTrue(out.contains("no API key is configured"), out);
            assertTrue(out.contains("template welcome: subject.txt:1:1: `data.name`: `data` has no field `name`"), out);
            assertTrue(out.contains("template welcome: body.html:1:1: `config:` is not allowed"), out);
            assertTrue(out.contains("template receipt: schema.json: schema.oneOf: `oneOf` is outside the supported"
                    + " subset"), out);
            assertTrue(out.contains("template receipt: body.html: is missing, and so is body.txt"), out);
            // Both in a single message, not one failure per start attempt.
            int first = out.indexOf("MAILGATE_SMTP_USERNAME");
            int second = out.indexOf("MAILGATE_SMTP_PASSWORD");
            assertTrue(out.substring(Math.min(first, second), Math.max(first, second)).lines().count() <= 3, out);
        }
    }

    @Test
    void customProviderWithoutAHostIsReportedNotSentToTheBuildTimePreset() throws Exception {
        // Bounces on, for a custom account without an IMAP host or a login: named in the same list.
        Map<String, String> env = Map.of("MAILGATE_PROVIDER", "custom", "MAILGATE_AUTH_ENABLED", "false",
                "QUARKUS_MAILER_LOGIN", "DISABLED", "QUARKUS_MAILER_FROM", "bot@mailgate.test",
                "MAILGATE_BOUNCES_ENABLED", "true", "MAILGATE_BOUNCES_POLL_INTERVAL", "100ms",
                "MAILGATE_IMAP_PASSWORD", "imap-secret-never-printed");
        try (ProdJar app = ProdJar.start(env, List.of())) {
            assertTrue(app.process.waitFor(90, TimeUnit.SECONDS), "the gateway should refuse to start");
            String out = app.output();
            assertNotEquals(0, app.process.exitValue(), out);
            assertTrue(out.contains("mailgate.provider=custom needs quarkus.mailer.host"), out);
            assertTrue(out.contains("mailgate.imap.host is needed to read bounces"), out);
            assertTrue(out.contains("mailgate.imap.username and password (or the account's SMTP login) are needed"), out);
            assertTrue(out.contains("mailgate.bounces.poll-interval must be at least 1s"), out);
            assertTrue(!out.contains("imap-secret-never-printed"), out);
        }
    }

    @Test
    void credentialsAndOneKeyHashInTheEnvironmentAreEnoughAndTheSenderDefaultsToTheLogin() throws Exception {
        String login = "bot@mailgate.test";
        String code = "abcdefghijklmnop";
        GreenMail smtp = smtps(login, code);
        // The qq preset as a user runs it; only host and port are redirected to the local server (and its
        // self-signed certificate trusted), because CI cannot reach smtp.qq.com.
        Map<String, String> env = Map.of(
                "MAILGATE_SMTP_USERNAME", login,
                "MAILGATE_SMTP_PASSWORD", code,
                "QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", Integer.toString(smtp.getSmtps().getPort()),
                "QUARKUS_MAILER_TLS_CONFIGURATION_NAME", "it",
                "QUARKUS_TLS_IT_TRUST_ALL", "true",
                "MAILGATE_AUTH_KEYS_OPS_SHA256", SecuredProfile.sha256(API_KEY));
        try (ProdJar app = ProdJar.start(env, List.of())) {
            assertTrue(app.awaitLog("Listening on", 90_000), app.output());
            given().port(app.httpPort).contentType(ContentType.JSON)
                    .body("""
                            {"to":["alice@example.com"],"subject":"两个变量","text":"x"}""")
                    .post("/api/v1/messages")
                    .then().statusCode(401);
            given().port(app.httpPort).contentType(ContentType.JSON).header("Authorization", "Bearer " + API_KEY)
                    .body("""
                            {"to":["alice@example.com"],"subject":"两个变量","text":"x"}""")
                    .post("/api/v1/messages")
                    .then().statusCode(200);
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertEquals("两个变量", m.getSubject());
            assertEquals(login, ((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getAddress());
            assertFalse(app.output().contains(code), "the authorization code must never be logged");
            assertFalse(app.output().contains(API_KEY), "the API key must never be logged");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void standardMailerPropertiesAloneAreACompleteConfiguration() throws Exception {
        String login = "ops@mailgate.test";
        String password = "operator-secret-123";
        GreenMail smtp = smtps(login, password);
        // Only quarkus.mailer.* and the TLS registry, overriding the default qq preset's host and port.
        List<String> props = List.of(
                "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + smtp.getSmtps().getPort(),
                "-Dquarkus.mailer.tls=true",
                "-Dquarkus.mailer.tls-configuration-name=it",
                "-Dquarkus.tls.it.trust-all=true",
                "-Dquarkus.mailer.username=" + login,
                "-Dquarkus.mailer.password=" + password,
                "-Dquarkus.mailer.from=" + login,
                "-Dquarkus.mailer.login=REQUIRED",
                "-Dmailgate.auth.enabled=false",
                // A delivery policy under its old name still works for one release, with a warning naming the new key.
                "-Dquarkus.fault-tolerance.\"dev.mailgate.delivery.SmtpSender/send\".retry.max-retries=2");
        try (ProdJar app = ProdJar.start(Map.of(), props)) {
            assertTrue(app.awaitLog("Listening on", 90_000), app.output());
            assertTrue(app.output().contains("retry.max-retries is deprecated and goes away in the next release: use"
                    + " mailgate.delivery.retry.max-retries=2 (MAILGATE_DELIVERY_RETRY_MAX_RETRIES)"), app.output());
            given().port(app.httpPort).contentType(ContentType.JSON)
                    .body("""
                            {"to":["alice@example.com"],"subject":"prod","text":"from the prod jar"}""")
                    .post("/api/v1/messages")
                    .then().statusCode(200).body("status", equalTo("sent"));
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals("prod", received[0].getSubject());
            given().port(app.httpPort).get("/q/health/ready").then().statusCode(200);
            assertFalse(app.output().contains(password), "the password must never be logged");
            assertTrue(app.output().contains("mailgate.auth.enabled=false"), "running without keys is logged as a warning");
        } finally {
            smtp.stop();
        }
    }

    /** A started SMTPS server (implicit TLS, self-signed) that accepts this one login. */
    private static GreenMail smtps(String login, String password) {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(login, login, password));
        smtp.start();
        return smtp;
    }
}
