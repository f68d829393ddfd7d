package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.CurlForm;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The asynchronous API against a real SMTP server: what it answers, what it stores, and what arrives. */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class AsyncSendTest {

    static final Duration SOON = Duration.ofSeconds(15);

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    static ExtractableResponse<Response> async(String body) {
        return given().contentType(ContentType.JSON).header("Prefer", "respond-async").body(body)
                .post("/api/v1/messages").then().extract();
    }

    static String in(Duration d) {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).plus(d).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static long received(String messageId) {
        return Arrays.stream(GreenMailResource.greenMail().getReceivedMessages()).filter(m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    @Test
    void preferRespondAsyncAnswers202AndTheMessageArrivesOnce() throws Exception {
        var r = async("""
                {"to":["alice@example.com"],"subject":"async","text":"queued first"}""");
        assertEquals(202, r.statusCode(), r.asString());
        String id = r.path("id");
        assertEquals("/api/v1/messages/" + id, java.net.URI.create(r.header("Location")).getPath());
        assertEquals("respond-async", r.header("Preference-Applied"));
        assertEquals("queued", r.path("status"));
        String messageId = r.path("messageId");
        assertTrue(messageId.startsWith("<" + id + "@"), messageId);

        Await.status(id, "sent", SOON);
        assertEquals(1, received(messageId));
        // Its history: queued (from the message row: no webhook wanted an event row) and sent.
        assertEquals(java.util.List.of("message.queued", "message.sent"),
                given().get("/api/v1/messages/" + id).then().extract().path("events.type"));
        MimeMessage m = GreenMailResource.greenMail().getReceivedMessages()[0];
        assertEquals("async", m.getSubject());
        given().get("/api/v1/messages/" + id).then().statusCode(200)
                .body("messageId", equalTo(messageId))
                .body("recipients.address", equalTo(java.util.List.of("alice@example.com")))
                .body("attempts", hasSize(1))
                .body("attempts[0].outcome", equalTo("sent"))
                .body("nextAttemptAt", nullValue())
                .body("error", nullValue())
                .body("createdAt", notNullValue());
    }

    @Test
    void aScheduledMessageWaitsForItsTime() throws Exception {
        var r = given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"subject":"later","text":"x","sendAt":"%s"}""".formatted(in(Duration.ofSeconds(4))))
                .post("/api/v1/messages").then().extract();
        assertEquals(202, r.statusCode(), r.asString());
        assertEquals("scheduled", r.path("status"));
        String id = r.path("id");
        given().get("/api/v1/messages/" + id).then().body("status", equalTo("scheduled"))
                .body("sendAt", notNullValue()).body("nextAttemptAt", notNullValue());
        Thread.sleep(2_000);
        assertEquals(0, received(r.path("messageId")), "not before its time");
        Await.status(id, "sent", SOON);
        assertEquals(1, received(r.path("messageId")));
    }

    @Test
    void sendAtInMultipartToo() {
        byte[] form = new CurlForm().field("to", "alice@example.com").field("subject", "mp").field("text", "x")
                .field("sendAt", in(Duration.ofHours(1))).build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(202)
                .body("status", equalTo("scheduled"));
    }

    @Test
    void badSendAtIsA400WithTheReasonAndStoresNothing() {
        String before = given().get("/api/v1/messages?limit=1").then().extract().asString();
        for (String[] c : new String[][] {
                { in(Duration.ofMinutes(-5)), "in the past" },
                { in(Duration.ofDays(31)), "more than 30 days ahead" },
                { "2026-11-26T08:00:00", "with an offset" },
                { "tomorrow", "with an offset" } }) {
            given().contentType(ContentType.JSON).body("""
                    {"to":["alice@example.com"],"text":"x","sendAt":"%s"}""".formatted(c[0]))
                    .post("/api/v1/messages").then().statusCode(400)
                    .body("errors.find { it.field == 'sendAt' }.message", containsString(c[1]));
        }
        assertEquals(before, given().get("/api/v1/messages?limit=1").then().extract().asString(), "nothing stored");
    }

    @Test
    void cancelAScheduledMessageAndItIsNeverSent() throws Exception {
        var r = given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"text":"x","sendAt":"%s"}""".formatted(in(Duration.ofSeconds(4))))
                .post("/api/v1/messages").then().statusCode(202).extract();
        String id = r.path("id");
        // Due in 4 s, so that a busy machine still cancels it before it is claimed; then watched past its time.
        given().delete("/api/v1/messages/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        Thread.sleep(5_500);
        assertEquals(0, received(r.path("messageId")));
        given().get("/api/v1/messages/" + id).then().body("status", equalTo("cancelled"));
        given().delete("/api/v1/messages/" + id).then().statusCode(409).contentType("application/problem+json")
                .body("messageStatus", equalTo("cancelled"));
    }

    @Test
    void rescheduleBringsAMessageForward() throws Exception {
        var r = given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"text":"x","sendAt":"%s"}""".formatted(in(Duration.ofHours(2))))
                .post("/api/v1/messages").then().statusCode(202).extract();
        String id = r.path("id");
        given().contentType(ContentType.JSON).body("{\"sendAt\":\"" + in(Duration.ZERO) + "\"}")
                .patch("/api/v1/messages/" + id).then().statusCode(200).body("status", equalTo("queued"));
        Await.status(id, "sent", SOON);
        assertEquals(1, received(r.path("messageId")));
        given().contentType(ContentType.JSON).body("{\"sendAt\":\"" + in(Duration.ofHours(1)) + "\"}")
                .patch("/api/v1/messages/" + id).then().statusCode(409).body("messageStatus", equalTo("sent"));
        given().contentType(ContentType.JSON).body("{\"sendAt\":\"yesterday\"}")
                .patch("/api/v1/messages/" + id).then().statusCode(400).body("errors[0].field", equalTo("sendAt"));
    }

    @Test
    void aSentMessageCannotBeRetriedOrCancelled() {
        String id = async("""
                {"to":["alice@example.com"],"text":"x"}""").path("id");
        Await.status(id, "sent", SOON);
        given().post("/api/v1/messages/" + id + "/retry").then().statusCode(409).body("messageStatus", equalTo("sent"));
        given().delete("/api/v1/messages/" + id).then().statusCode(409).body("messageStatus", equalTo("sent"));
    }

    @Test
    void unknownIdsAre404() {
        given().get("/api/v1/messages/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        given().delete("/api/v1/messages/nope").then().statusCode(404);
        given().post("/api/v1/messages/nope/retry").then().statusCode(404);
    }

    @Test
    void synchronousSendsAreRecordedAndTheirIdWorks() {
        String id = given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"text":"sync"}""").post("/api/v1/messages").then().statusCode(200)
                .extract().path("id");
        // At once: the record is written behind the response, but its id already works.
        given().get("/api/v1/messages/" + id).then().statusCode(200).body("status", equalTo("sent"))
                .body("attempts[0].outcome", equalTo("sent"));
        // Its history, with no webhook configured (no event row is written then): the outcome, from the record.
        Await.until("the record's history", SOON, () -> java.util.List.of("message.sent").equals(
                given().get("/api/v1/messages/" + id).then().extract().path("events.type")));
        Await.until("the record to be listed", SOON, () -> given().get("/api/v1/messages?status=sent&limit=100").then()
                .extract().<java.util.List<String>>path("messages.id").contains(id));
    }

    @Test
    void listsNewestFirstWithCursorPagingAndAStatusFilter() {
        String a = async("{\"to\":[\"alice@example.com\"],\"text\":\"a\",\"sendAt\":\"" + in(Duration.ofHours(3)) + "\"}").path("id");
        String b = async("{\"to\":[\"alice@example.com\"],\"text\":\"b\",\"sendAt\":\"" + in(Duration.ofHours(3)) + "\"}").path("id");
        String c = async("{\"to\":[\"alice@example.com\"],\"text\":\"c\",\"sendAt\":\"" + in(Duration.ofHours(3)) + "\"}").path("id");
        var first = given().get("/api/v1/messages?status=scheduled&limit=2").then().statusCode(200)
                .body("messages", hasSize(2)).extract();
        assertEquals(java.util.List.of(c, b), first.path("messages.id"));
        String cursor = first.path("nextCursor");
        var second = given().queryParam("status", "scheduled").queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/api/v1/messages").then().statusCode(200).extract();
        assertEquals(a, second.path("messages[0].id"));
        // By Message-ID, with or without its angle brackets.
        String messageId = second.path("messages[0].messageId");
        assertEquals(java.util.List.of(a), given().queryParam("messageId", messageId).get("/api/v1/messages").then()
                .statusCode(200).extract().path("messages.id"));
        assertEquals(java.util.List.of(a), given().queryParam("messageId", messageId.substring(1, messageId.length() - 1))
                .get("/api/v1/messages").then().statusCode(200).extract().path("messages.id"));
        given().get("/api/v1/messages?status=nope&limit=500&cursor=%%%&messageId=a b").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("status", "limit", "cursor", "messageId"));
        for (String id : java.util.List.of(a, b, c)) {
            given().delete("/api/v1/messages/" + id).then().statusCode(200);
        }
    }

    @Test
    void theQueueShowsInMetricsAndReadiness() throws Exception {
        String id = async("{\"to\":[\"alice@example.com\"],\"text\":\"m\"}").path("id");
        Await.status(id, "sent", SOON);
        Await.until("the status counts to be refreshed", Duration.ofSeconds(15), () -> given().get("/q/metrics").then()
                .extract().asString().matches("(?s).*mailgate_outbox_messages\\{status=\"sent\"} [1-9].*"));
        String metrics = given().get("/q/metrics").then().extract().asString();
        for (String name : java.util.List.of("mailgate_outbox_oldest_due_seconds", "mailgate_outbox_lag_seconds_bucket",
                "mailgate_outbox_paused 0.0", "mailgate_outbox_messages{status=\"queued\"}")) {
            assertTrue(metrics.contains(name), name + " missing");
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'store' }.data.queue", equalTo("running"));
    }
}
