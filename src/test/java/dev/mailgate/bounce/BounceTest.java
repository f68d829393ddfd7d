package dev.mailgate.bounce;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.ImapMailbox;
import dev.mailgate.support.StandardWebhooks;
import dev.mailgate.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Bounces read from the account's own mailbox (GreenMail over IMAPS): messages really sent through mailgate, then
 * the bounces of public corpora (and QQ's and 163's notices) rewritten to name them, put in the mailbox as a provider
 * would. Each is tied to its message and recipient, reported (status, per-recipient result, event, webhook) and, for
 * a hard one, suppressed; what is not a bounce, or names what mailgate never sent, changes nothing; and the mailbox is
 * left exactly as it was.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class BounceTest {

    /** A fixture, the recipient it reports, and what it must come out as. */
    record Case(String fixture, String originalId, String recipient, String status, String type) {
    }

    static final List<Case> BOUNCES = List.of(
            new Case("postfix-hard-lhost-postfix-04.eml", "<A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>",
                    "kijitora@example.co.jp", "bounced", "hard"),
            new Case("exim-hard-lhost-exim-02.eml", "<E1X58pB-0004bW-2s@marutamachi.example.org>",
                    "kijitora@example.jp", "bounced", "hard"),
            new Case("office365-or-exchange-ndr-lhost-exchange2007-07.eml", "<QCw92c-juIk7Y-w6@neko.example.com>",
                    "kijitora@example.jp", "bounced", "hard"),
            new Case("gmail-hard-lhost-gmail-01.eml", "<D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com>",
                    "userunknown@example.jp", "bounced", "hard"),
            new Case("qq-synthetic-notice.eml", "<qq-original-0001@qq.com>", "nobody.here@example.com", "bounced",
                    "hard"),
            new Case("163-synthetic-nested-report.eml", "<163-original-0001@163.com>", "ghost@example.net", "bounced",
                    "hard"),
            new Case("postfix-delayed-rfc3464-09.eml", "<00000000000000000000000000000000000000000@example.org>",
                    "kijitora-cat@mx4.gr3.example.jp", "delayed", "soft"),
            new Case("block-rfc3464-08.eml", "<000000000000000000000000000000@mx.example.or.jp>",
                    "kijitora@example.net", "bounced", "block"));

    static final List<String> NOT_BOUNCES = List.of("autoreply-rfc3834-01.eml", "readreceipt-synthetic-mdn.eml",
            "negative-not-bounce-is-not-bounce-02.eml");

    static byte[] fixture(String name) throws IOException {
        return BounceParserTest.fixture(name);
    }

    /** The fixture with the Message-ID of its original replaced by one mailgate really sent. */
    static byte[] naming(String name, String originalId, String messageId) throws IOException {
        String text = new String(fixture(name), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(originalId), name + " does not hold " + originalId);
        return text.replace(originalId, messageId).getBytes(StandardCharsets.ISO_8859_1);
    }

    static ImapMailbox mailbox() throws MessagingException {
        return new ImapMailbox(GreenMailResource.greenMail().getImaps().getPort(), GreenMailResource.LOGIN,
                GreenMailResource.PASSWORD);
    }

    static String[] send(String recipient) {
        JsonPath sent = given().contentType(ContentType.JSON).body("{\"to\":[\"" + recipient
                + "\"],\"subject\":\"bounce test\",\"text\":\"x\"}").post("/api/v1/messages").then().statusCode(200)
                .extract().jsonPath();
        return new String[] { sent.getString("id"), sent.getString("messageId") };
    }

    static JsonPath message(String id) {
        return given().get("/api/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
    }

    static double metric(String type) {
        String text = given().get("/q/metrics").then().extract().asString();
        String line = "mailgate_bounces_total{account=\"default\",type=\"" + type + "\"} ";
        return text.lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(
                line.length()).trim())).findFirst().orElse(0);
    }

    static void unsuppress(String address) {
        given().delete("/api/v1/suppressions/" + address);
    }

    @BeforeEach
    void clean() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        GreenMailProfile.Webhooks.receiver().reset();
        try (ImapMailbox box = mailbox()) {
            box.delete("Junk");
        }
    }

    @Test
    void eachBounceIsTiedToItsMessageAndRecipientReportedAndTheMailboxLeftAsItWas() throws Exception {
        BOUNCES.forEach(c -> unsuppress(c.recipient()));
        Map<Case, String[]> sent = new LinkedHashMap<>();
        BOUNCES.forEach(c -> sent.put(c, send(c.recipient())));
        // A forged one: a real message's Message-ID, but a recipient that message never had.
        String[] forgedTarget = send("real.recipient@example.org");
        unsuppress("kijitora@example.co.jp");
        double unmatchedBefore = metric("unmatched");

        List<String> subjects = new ArrayList<>();
        try (ImapMailbox box = mailbox()) {
            for (Case c : BOUNCES) {
                box.append("INBOX", naming(c.fixture(), c.originalId(), sent.get(c)[1]));
            }
            for (String name : NOT_BOUNCES) {
                box.append("INBOX", fixture(name));
            }
            box.append("INBOX", naming("postfix-hard-lhost-postfix-04.eml",
                    "<A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>", forgedTarget[1]));
            box.append("INBOX", fixture("postfix-hard-lhost-postfix-04.eml")); // a Message-ID mailgate never sent
            box.contents("INBOX").forEach(h -> subjects.add(h.subject()));
        }

        // IMAP IDLE wakes the reader (the poll is 10 minutes): every bounce is applied within seconds.
        for (Case c : BOUNCES) {
            String id = sent.get(c)[0];
            Await.until(() -> c.fixture() + " applied to " + id + ": " + message(id).prettify(), Duration.ofSeconds(30),
                    () -> c.status().equals(message(id).getString("recipients[0].status")));
            JsonPath m = message(id);
            assertEquals(c.recipient(), m.getString("recipients[0].address"), c.fixture());
            assertEquals(c.type(), m.getString("recipients[0].bounceType"), c.fixture());
            assertEquals("hard".equals(c.type()) ? "bounced" : "sent", m.getString("status"), c.fixture());
            String event = "soft".equals(c.type()) ? "message.delayed" : "message.bounced";
            assertEquals(1, m.getList("events.type").stream().filter(event::equals).count(), m.prettify());
            int suppressed = given().get("/api/v1/suppressions/" + c.recipient()).then().extract().statusCode();
            assertEquals("hard".equals(c.type()) ? 200 : 404, suppressed, c.fixture() + " and the suppression list");
        }
        given().get("/api/v1/suppressions/kijitora@example.co.jp").then().statusCode(200)
                .body("reason", org.hamcrest.Matchers.equalTo("hard_bounce"))
                .body("messageId", org.hamcrest.Matchers.equalTo(sent.get(BOUNCES.getFirst())[0]));

        // The forged bounce changed nothing, and it and the unknown one were counted.
        Await.until("the forged and the unknown bounce counted", Duration.ofSeconds(10),
                () -> metric("unmatched") >= unmatchedBefore + 2);
        JsonPath forged = message(forgedTarget[0]);
        assertEquals("sent", forged.getString("status"));
        assertEquals("sent", forged.getString("recipients[0].status"));
        assertTrue(forged.getList("events.type").stream().noneMatch(t -> String.valueOf(t).startsWith("message.b")));

        // Webhooks: one message.bounced or message.delayed per recipient, signed; suppression.added per hard bounce.
        WebhookReceiver receiver = GreenMailProfile.Webhooks.receiver();
        Await.until("the webhooks", Duration.ofSeconds(20), () -> receiver.received("/bounces").size()
                >= BOUNCES.size() + BOUNCES.stream().filter(c -> c.type().equals("hard")).map(Case::recipient)
                        .distinct().count());
        List<JsonPath> hooks = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received("/bounces")) {
            StandardWebhooks.verify(GreenMailProfile.BOUNCE_SECRET, r);
            hooks.add(new JsonPath(r.body()));
        }
        for (Case c : BOUNCES) {
            String type = "soft".equals(c.type()) ? "message.delayed" : "message.bounced";
            long n = hooks.stream().filter(h -> type.equals(h.getString("type"))
                    && sent.get(c)[0].equals(h.getString("data.id"))).count();
            assertEquals(1, n, c.fixture() + ": " + type + " webhooks");
            JsonPath hook = hooks.stream().filter(h -> sent.get(c)[0].equals(h.getString("data.id"))).findFirst().get();
            assertEquals(c.recipient(), hook.getString("data.address"), hook.prettify());
            assertEquals(c.type(), hook.getString("data.bounceType"), hook.prettify());
        }

        // Nothing in the mailbox changed: the same messages, unread, unflagged, in their folder.
        try (ImapMailbox box = mailbox()) {
            List<ImapMailbox.Held> after = box.contents("INBOX");
            assertEquals(subjects, after.stream().map(ImapMailbox.Held::subject).toList());
            after.forEach(h -> assertEquals(List.of(), h.flags(), "flags of " + h.subject()));
        }
    }

    @Test
    void theJunkFolderIsReadAndARenumberedFolderIsReadAgainWithoutRepeatingAnything() throws Exception {
        Case hard = BOUNCES.getFirst();
        Case gmail = BOUNCES.get(3);
        unsuppress(hard.recipient());
        unsuppress(gmail.recipient());
        String[] first = send(hard.recipient());
        String[] second = send(gmail.recipient());
        try (ImapMailbox box = mailbox()) {
            box.append("Junk", naming(hard.fixture(), hard.originalId(), first[1]));
            box.append("INBOX", fixture("autoreply-rfc3834-04.eml")); // new mail in the inbox wakes the reader
        }
        Await.until("the bounce in Junk applied", Duration.ofSeconds(30),
                () -> "bounced".equals(message(first[0]).getString("status")));

        // The folder is deleted and made again: a new UIDVALIDITY, its UIDs start over. The old bounce is there again
        // with a new one; only the new one has an effect.
        try (ImapMailbox box = mailbox()) {
            box.delete("Junk");
            box.append("Junk", naming(hard.fixture(), hard.originalId(), first[1]));
            box.append("Junk", naming(gmail.fixture(), gmail.originalId(), second[1]));
            box.append("INBOX", fixture("autoreply-rfc3834-01.eml"));
        }
        Await.until("the bounce in the renumbered Junk applied", Duration.ofSeconds(30),
                () -> "bounced".equals(message(second[0]).getString("status")));
        assertEquals(1, message(first[0]).getList("events.type").stream().filter("message.bounced"::equals).count());
        assertEquals(1, message(second[0]).getList("events.type").stream().filter("message.bounced"::equals).count());
        try (ImapMailbox box = mailbox()) {
            assertEquals(2, box.contents("Junk").size());
            box.contents("Junk").forEach(h -> assertEquals(List.of(), h.flags()));
        }
    }

    @Test
    void readinessShowsTheLastReadAndTheListFiltersBouncedMessages() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'bounces' }.data.enabled", org.hamcrest.Matchers.equalTo(true))
                .body("checks.find { it.name == 'bounces' }.data.'bounces.default.lastSuccess'",
                        org.hamcrest.Matchers.notNullValue())
                .body("checks.find { it.name == 'bounces' }.data", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("bounces.default.lastError")));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "mailgate_bounce_reader_last_success_seconds{account=\"default\"}"));
        given().get("/api/v1/messages?status=bounced").then().statusCode(200);
        given().get("/api/v1/messages?status=bouncing").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("bounced"));
    }
}
