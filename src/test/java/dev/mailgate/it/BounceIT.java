package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailgate.support.BounceFixtures;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.ImapMailbox;
import dev.mailgate.support.SlowProxy;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Reading bounces in the packaged jar, against a GreenMail mailbox over IMAPS: a kill -9 in the middle of a run of
 * bounces neither repeats an event nor loses a bounce, and a 30 MB mail is skipped by a 128 MB heap. (Two replicas
 * on PostgreSQL reading one mailbox: {@link ReplicasIT}.)
 */
class BounceIT {

    static final String LOGIN = "bot@mailgate.test";
    static final String PASSWORD = "imap-secret-2718";
    static final String ORIGINAL = "<A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>";

    static GreenMail mailbox() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, LOGIN, PASSWORD));
        g.start();
        return g;
    }

    static List<String> props(FaultSmtpServer smtp, GreenMail imap) {
        return props(smtp, imap.getImaps().getPort());
    }

    static List<String> props(FaultSmtpServer smtp, int imapPort) {
        List<String> props = new ArrayList<>(List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                "-Dquarkus.mailer.from=" + LOGIN, "-Dmailgate.auth.enabled=false",
                "-Dmailgate.delivery.rate-limit.value=100000"));
        props.addAll(bounceProps(imapPort));
        return props;
    }

    /** Bounces on, read from the GreenMail mailbox (its own login: the SMTP server here needs none). */
    static List<String> bounceProps(GreenMail imap) {
        return bounceProps(imap.getImaps().getPort());
    }

    static List<String> bounceProps(int imapPort) {
        return List.of("-Dmailgate.bounces.enabled=true", "-Dmailgate.bounces.poll-interval=2s",
                "-Dmailgate.imap.host=127.0.0.1", "-Dmailgate.imap.port=" + imapPort,
                "-Dmailgate.imap.username=" + LOGIN, "-Dmailgate.imap.password=" + PASSWORD,
                "-Dmailgate.imap.tls-configuration-name=mailbox", "-Dquarkus.tls.mailbox.trust-all=true");
    }

    /** A Postfix DSN (sisimai's lhost-postfix-04) for this message and recipient. */
    static byte[] bounce(String messageId, String recipient) throws Exception {
        String text = new String(BounceFixtures.read("postfix-hard-lhost-postfix-04.eml"), StandardCharsets.ISO_8859_1);
        return text.replace(ORIGINAL, messageId).replace("kijitora@example.co.jp", recipient)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends n messages synchronously through the app, each to its own recipient; id -> {Message-ID, recipient}. */
    static Map<String, String[]> send(ProdJar app, int n, String prefix) {
        Map<String, String[]> sent = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String to = prefix + i + "@example.com";
            JsonPath r = given().port(app.httpPort).contentType(ContentType.JSON)
                    .body("{\"to\":[\"" + to + "\"],\"subject\":\"b " + i + "\",\"text\":\"x\"}")
                    .post("/api/v1/messages").then().statusCode(200).extract().jsonPath();
            sent.put(r.getString("id"), new String[] { r.getString("messageId"), to });
        }
        return sent;
    }

    static long bounced(ProdJar app, Map<String, String[]> sent) {
        return sent.keySet().stream().filter(id -> "bounced".equals(given().port(app.httpPort)
                .get("/api/v1/messages/" + id).then().extract().path("status"))).count();
    }

    /** Each message's count of message.bounced events: must be exactly one each. */
    static List<String> notOnce(ProdJar app, Map<String, String[]> sent) {
        List<String> wrong = new ArrayList<>();
        sent.keySet().forEach(id -> {
            List<String> events = given().port(app.httpPort).get("/api/v1/messages/" + id).then().extract()
                    .path("events.type");
            long n = events.stream().filter("message.bounced"::equals).count();
            if (n != 1) {
                wrong.add(id + " has " + n + " message.bounced events");
            }
        });
        return wrong;
    }

    static void awaitAll(ProdJar app, Map<String, String[]> sent, long timeoutMs) throws Exception {
        long until = System.currentTimeMillis() + timeoutMs;
        while (bounced(app, sent) < sent.size()) {
            assertTrue(System.currentTimeMillis() < until, bounced(app, sent) + " of " + sent.size()
                    + " bounced:\n" + app.output());
            Thread.sleep(250);
        }
    }

    @Test
    void killDashNineInTheMiddleOfBouncesNeitherRepeatsNorLosesOneAndAHugeMailIsSkipped() throws Exception {
        final int n = 60;
        GreenMail imap = mailbox();
        Path store = Files.createTempDirectory("mailgate-store");
        // The mailbox over a slow network (each chunk from the server 15 ms late): a run of bounces takes seconds,
        // so that the kill lands in its middle.
        try (FaultSmtpServer smtp = new FaultSmtpServer(); SlowProxy slow = new SlowProxy(imap.getImaps().getPort(), 15)) {
            List<String> props = props(smtp, slow.port());
            props.add("-Dquarkus.log.category.\"dev.mailgate.bounce\".level=DEBUG"); // each message's fate, for a failure
            props.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-Dmailgate.store.path=" + store));
            Map<String, String[]> sent;
            String firstRun;
            try (ProdJar app = ProdJar.start(Map.of(), props)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                sent = send(app, n, "r");
                // The mail comes in while the gateway reads it, as it does; the kill comes after the first few.
                Map<String, String[]> toBounce = sent;
                Thread appender = Thread.ofVirtual().start(() -> {
                    try (ImapMailbox box = new ImapMailbox(imap.getImaps().getPort(), LOGIN, PASSWORD)) {
                        // 30 MB: over max-size (10M), skipped unread by a 128 MB heap.
                        byte[] huge = ("From: someone@example.org\r\nTo: " + LOGIN + "\r\nSubject: huge\r\n\r\n"
                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\r\n"
                                        .repeat(400_000)).getBytes(StandardCharsets.US_ASCII);
                        box.append("INBOX", huge);
                        for (Map.Entry<String, String[]> m : toBounce.entrySet()) {
                            box.append("INBOX", bounce(m.getValue()[0], m.getValue()[1]));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long until = System.currentTimeMillis() + 60_000;
                while (Replicas.metric(app, "mailgate_bounces_total", "type=\"hard\"") < 3) {
                    assertTrue(System.currentTimeMillis() < until, "no bounce applied:\n" + app.output());
                    Thread.sleep(10);
                }
                app.kill9();
                firstRun = app.output();
                appender.join();
            }
            // What the killed process had committed, read from its store while nothing runs on it.
            long atKill;
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + store.resolve("mailgate")
                    + ";WRITE_DELAY=0", "mailgate", ""); var rs = c.createStatement().executeQuery(
                            "SELECT COUNT(*) FROM recipient_result")) {
                rs.next();
                atKill = rs.getLong(1);
            }
            System.out.printf("kill -9 after %d of %d bounces were applied%n", atKill, n);
            assertTrue(atKill > 0 && atKill < n, "the kill came in the middle: " + atKill + " of " + n);
            assertTrue(firstRun.contains("larger than mailgate.bounces.max-size"), firstRun);
            assertFalse(firstRun.contains("OutOfMemoryError"), firstRun);

            try (ProdJar app = ProdJar.start(Map.of(), props)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                try {
                    awaitAll(app, sent, 120_000);
                    assertEquals(List.of(), notOnce(app, sent), "each bounce applied once, across the crash");
                } catch (AssertionError e) {
                    System.out.println("---- the killed run ----\n" + firstRun);
                    throw e;
                }
                for (String[] m : sent.values()) {
                    given().port(app.httpPort).get("/api/v1/suppressions/" + m[1]).then().statusCode(200);
                }
                assertFalse(app.output().contains("larger than mailgate.bounces.max-size"),
                        "the huge mail was read past before the crash, and not looked at again");
            }
        } finally {
            imap.stop();
        }
    }
}
