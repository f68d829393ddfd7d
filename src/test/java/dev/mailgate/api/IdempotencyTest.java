package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Idempotency-Key against a real SMTP server: a retried request is answered with the first one's response and sends
 * nothing, whatever that response was; a changed request is refused; a request racing its twin gets 409 or the
 * replay; a key whose request sent nothing is free again.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class IdempotencyTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    FaultSmtpServer server;

    /** Threads of their own: the common pool may have one thread on a 2-core machine, and would run twins in turn. */
    static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors.newFixedThreadPool(4);

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    static String body(String text) {
        return "{\"to\":[\"alice@example.com\"],\"subject\":\"idempotent\",\"text\":\"" + text + "\"}";
    }

    static RequestSpecification keyed(String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key);
    }

    static ExtractableResponse<Response> sync(String key, String body) {
        return keyed(key).body(body).post("/api/v1/messages").then().extract();
    }

    static ExtractableResponse<Response> async(String key, String body) {
        return keyed(key).header("Prefer", "respond-async").body(body).post("/api/v1/messages").then().extract();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    long arrivals(String messageId) {
        return server.messageIds().stream().filter(messageId::equals).count();
    }

    @Test
    void aSynchronousSendRepeatedWithItsKeyIsReplayedAndSentOnce() {
        String key = key();
        var first = sync(key, body("once"));
        assertEquals(200, first.statusCode(), first.asString());
        assertNull(first.header("Idempotent-Replayed"), "the first answer is no replay");
        var second = sync(key, body("once"));
        assertEquals(200, second.statusCode());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(first.asString(), second.asString(), "the same body, the same id and messageId");
        assertEquals(1, arrivals(first.path("messageId")));
        assertEquals(1, server.accepted());
        given().get("/api/v1/messages/" + first.path("id")).then().statusCode(200).body("status", equalTo("sent"));
    }

    @Test
    void anAsynchronousSendRepeatedWithItsKeyIsReplayedAndDeliveredOnce() {
        String key = key();
        var first = async(key, body("queued once"));
        assertEquals(202, first.statusCode(), first.asString());
        var second = async(key, body("queued once"));
        assertEquals(202, second.statusCode());
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("Location"), second.header("Location"));
        assertEquals("true", second.header("Idempotent-Replayed"));
        String id = first.path("id");
        Await.status(id, "sent", Duration.ofSeconds(15));
        var third = async(key, body("queued once"));
        assertEquals(first.asString(), third.asString(), "the stored answer, not the message's current state");
        assertEquals(1, arrivals(first.path("messageId")));
        assertEquals(1, server.accepted());
    }

    @Test
    void theSameKeyWithAnotherRequestIs422AndSendsNothing() {
        String key = key();
        assertEquals(200, sync(key, body("first")).statusCode());
        var changed = sync(key, body("second"));
        assertEquals(422, changed.statusCode(), changed.asString());
        assertEquals("urn:mailgate:problem:idempotency-mismatch", changed.path("type"));
        assertEquals(Problem.MEDIA_TYPE, changed.contentType());
        // Asking for another kind of answer with the same body is another request too.
        assertEquals(422, async(key, body("first")).statusCode());
        // Member order is not part of the request: canonical JSON.
        var reordered = keyed(key).body("{\"text\":\"first\",\"subject\":\"idempotent\",\"to\":[\"alice@example.com\"]}")
                .post("/api/v1/messages").then().extract();
        assertEquals(200, reordered.statusCode(), reordered.asString());
        assertEquals("true", reordered.header("Idempotent-Replayed"));
        assertEquals(1, server.accepted());
    }

    @Test
    void aRequestWhileItsTwinIsInFlightGets409ThenTheReplay() throws Exception {
        // Under the profile's 1 s attempt timeout.
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(700), 250, "OK queued"));
        String key = key();
        CompletableFuture<ExtractableResponse<Response>> first = CompletableFuture.supplyAsync(() -> sync(key, body("slow")),
                CALLERS);
        Await.until("the first request's data at the server", Duration.ofSeconds(10), () -> server.messageIds().size() == 1);
        var during = sync(key, body("slow"));
        assertEquals(409, during.statusCode(), during.asString());
        assertEquals("urn:mailgate:problem:idempotency-in-flight", during.path("type"));
        assertEquals("1", during.header("Retry-After"));
        var done = first.get(20, TimeUnit.SECONDS);
        assertEquals(200, done.statusCode(), done.asString());
        var after = sync(key, body("slow"));
        assertEquals(done.asString(), after.asString());
        assertEquals(1, server.accepted());
    }

    @Test
    void aCallerThatTimedOutGetsTheOutcomeWhenItRetriesWithItsKey() throws Exception {
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(700), 250, "OK queued"));
        String key = key();
        var impatient = io.restassured.RestAssured.config().httpClient(io.restassured.config.HttpClientConfig
                .httpClientConfig().setParam("http.socket.timeout", 300));
        try {
            keyed(key).config(impatient).body(body("patience")).post("/api/v1/messages");
            org.junit.jupiter.api.Assertions.fail("the client should have timed out");
        } catch (Exception timedOut) {
            // As a caller behind a short timeout sees it: no answer.
        }
        ExtractableResponse<Response> retried = null;
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            retried = sync(key, body("patience"));
            if (retried.statusCode() != 409) {
                break;
            }
            Thread.sleep(Long.parseLong(retried.header("Retry-After")) * 200);
        }
        assertEquals(200, retried.statusCode(), retried.asString());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals("sent", retried.path("status"));
        assertEquals(1, server.accepted(), "sent once, though the first caller never heard of it");
    }

    @Test
    void twoConcurrentRequestsWithOneKeySendOnce() throws Exception {
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(300), 250, "OK queued"));
        for (boolean asynchronous : List.of(false, true)) {
            int before = server.accepted();
            String key = key();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ExtractableResponse<Response>>> racing = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racing.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return asynchronous ? async(key, body("race")) : sync(key, body("race"));
                }, CALLERS));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (var f : racing) {
                var r = f.get(30, TimeUnit.SECONDS);
                statuses.add(r.statusCode());
                if (r.statusCode() != 409) {
                    ids.add(r.path("id"));
                }
            }
            int ok = asynchronous ? 202 : 200;
            assertTrue(statuses.contains(ok), statuses.toString());
            assertTrue(statuses.stream().allMatch(s -> s == ok || s == 409), statuses.toString());
            assertEquals(1, ids.stream().distinct().count(), "one message: " + ids);
            Await.until(() -> "one arrival, got " + (server.accepted() - before), Duration.ofSeconds(15),
                    () -> server.accepted() == before + 1);
            if (asynchronous) {
                Await.status(ids.getFirst(), "sent", Duration.ofSeconds(15));
            }
            assertEquals(before + 1, server.accepted(), "sent once");
        }
    }

    @Test
    void anUncertainOutcomeIsReplayedAsUncertainAndNeverSentAgain() throws Exception {
        server.on(Step.DOT, Action.drop());
        String key = key();
        var first = sync(key, body("maybe"));
        assertEquals(502, first.statusCode(), first.asString());
        int accepted = server.accepted();
        assertEquals("uncertain", first.path("outcome"));
        var second = sync(key, body("maybe"));
        assertEquals(502, second.statusCode());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(first.asString(), second.asString());
        String id = first.path("id");
        given().get("/api/v1/messages/" + id).then().statusCode(200).body("status", equalTo("uncertain"));
        Thread.sleep(1500); // the worker must not pick it up either
        assertEquals(1, server.messageIds().size(), "its data reached the server once");
        assertEquals(accepted, server.accepted());
        assertEquals(first.contentType(), second.contentType(), "a replayed problem is still a problem");

        // Its content was kept, so the caller who finds it missing may send it again by hand, with its Message-ID.
        given().post("/api/v1/messages/" + id + "/retry").then().statusCode(202);
        Await.status(id, "sent", Duration.ofSeconds(15));
        String messageId = given().get("/api/v1/messages/" + id).then().extract().path("messageId");
        assertEquals(List.of(messageId, messageId), server.messageIds());
        assertEquals(first.asString(), sync(key, body("maybe")).asString(), "the key still answers as it did");
    }

    @Test
    void aKeyWhoseRequestSentNothingIsFreeAgain() {
        server.refuse();
        String key = key();
        try {
            var down = sync(key, body("later"));
            assertEquals(503, down.statusCode(), down.asString());
        } finally {
            server.resume();
        }
        breakers.resetAll();
        var retried = sync(key, body("later"));
        assertEquals(200, retried.statusCode(), retried.asString());
        assertNull(retried.header("Idempotent-Replayed"), "tried again, not replayed");
        assertEquals(1, server.accepted());
    }

    @Test
    void anInvalidRequestClaimsNoKey() {
        String key = key();
        var invalid = sync(key, "{\"to\":[\"not-an-address\"],\"text\":\"x\"}");
        assertEquals(400, invalid.statusCode());
        var fixed = sync(key, body("fixed"));
        assertEquals(200, fixed.statusCode(), fixed.asString());
        assertNull(fixed.header("Idempotent-Replayed"));
    }

    @Test
    void aKeyMustBeOneValueOfOneTo255PrintableAsciiCharacters() {
        for (String bad : List.of("x".repeat(256), "clé", "tab\there")) {
            keyed(bad).body(body("bad key")).post("/api/v1/messages").then().statusCode(400)
                    .body("errors[0].field", equalTo("Idempotency-Key"));
        }
        given().contentType(ContentType.JSON).header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .body(body("two keys")).post("/api/v1/messages").then().statusCode(400)
                .body("errors[0].message", containsString("2 times"));
        // The draft's structured-field form: the quotes are not part of the key.
        String key = key();
        var quoted = keyed("\"" + key + "\"").body(body("quoted")).post("/api/v1/messages").then().extract();
        assertEquals(200, quoted.statusCode());
        assertEquals(quoted.asString(), sync(key, body("quoted")).asString());
        assertEquals(1, server.accepted(), "nothing was sent for the invalid keys");
    }

    @Test
    void aMultipartSendIsReplayedAndADifferentFileIsAMismatch() {
        String key = key();
        byte[] file = "report body".getBytes(StandardCharsets.UTF_8);
        var first = multipart(key, file);
        assertEquals(200, first.statusCode(), first.asString());
        var second = multipart(key, file);
        assertEquals(first.asString(), second.asString());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(422, multipart(key, "another body".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(1, server.accepted());
    }

    private static ExtractableResponse<Response> multipart(String key, byte[] file) {
        return given().header("Idempotency-Key", key).multiPart("to", "alice@example.com")
                .multiPart("subject", "multipart").multiPart("text", "see file")
                .multiPart("attachment", "report.txt", file, "text/plain").post("/api/v1/messages").then().extract();
    }

    @Test
    void aBatchIsReplayedAndItsMessagesQueuedOnce() {
        String key = key();
        String batch = BatchTest.batch(3, -1);
        var first = keyed(key).body(batch).post("/api/v1/messages/batch").then().extract();
        assertEquals(202, first.statusCode(), first.asString());
        var second = keyed(key).body(batch).post("/api/v1/messages/batch").then().extract();
        assertEquals(first.asString(), second.asString());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(422, keyed(key).body(batch).post("/api/v1/messages/batch?mode=permissive").then().extract()
                .statusCode(), "another mode is another request");
        List<String> ids = first.path("data.id");
        for (String id : ids) {
            Await.status(id, "sent", Duration.ofSeconds(15));
        }
        assertEquals(3, server.accepted());

        // A strict batch refused as invalid claims no key.
        String other = key();
        keyed(other).body(BatchTest.batch(3, 1)).post("/api/v1/messages/batch").then().statusCode(400);
        var fixed = keyed(other).body(BatchTest.batch(3, -1)).post("/api/v1/messages/batch").then().extract();
        assertEquals(202, fixed.statusCode());
        assertNull(fixed.header("Idempotent-Replayed"));
        assertNotEquals(ids, (List<String>) fixed.path("data.id"));
        // Delivered before the next test counts what its server accepted.
        for (String id : (List<String>) fixed.path("data.id")) {
            Await.status(id, "sent", Duration.ofSeconds(15));
        }
    }
}
