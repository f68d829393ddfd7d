package dev.mailgate.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.StandardWebhooks;
import dev.mailgate.support.WebhookProfile;
import dev.mailgate.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Webhooks against a real HTTP receiver: each state change of a message arrives signed (checked with the Standard
 * Webhooks reference library), retried with the same webhook-id until a 2xx, in order per message, and an endpoint
 * that answers 410 is switched off.
 */
@QuarkusTest
@TestProfile(WebhookProfile.class)
class WebhookTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    FaultSmtpServer smtp;
    WebhookReceiver receiver;

    @BeforeEach
    void fresh() throws Exception {
        smtp = FaultServerProfile.fresh(breakers, gate);
        receiver = WebhookProfile.Resource.receiver();
        receiver.reset();
    }

    static String queue(String to) {
        return given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"" + to + "\"],\"subject\":\"hooked\",\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(202).extract().path("id");
    }

    /** The deliveries to {@code path} of the message's events, in arrival order. */
    List<WebhookReceiver.Received> of(String path, String id) {
        return receiver.received(path).stream().filter(about(id)).toList();
    }

    static Predicate<WebhookReceiver.Received> about(String id) {
        return r -> r.body().contains("\"id\":\"" + id + "\"");
    }

    static JsonNode json(WebhookReceiver.Received r) throws Exception {
        return JSON.readTree(r.body());
    }

    void awaitTypes(String path, String id, List<String> types) {
        Await.until(() -> path + " got " + of(path, id).stream().map(r -> {
            try {
                return json(r).path("type").asText() + "/" + r.answered();
            } catch (Exception e) {
                return "?";
            }
        }).toList() + ", waiting for " + types, Duration.ofSeconds(20),
                () -> of(path, id).stream().filter(r -> r.answered() == 200).map(r -> {
                    try {
                        return json(r).path("type").asText();
                    } catch (Exception e) {
                        return "?";
                    }
                }).toList().equals(types));
    }

    @Test
    void sentAndFailedEventsArriveSignedWithTheirOutcome() throws Exception {
        String sent = queue("alice@example.com");
        awaitTypes("/main", sent, List.of("message.queued", "message.sent"));
        for (WebhookReceiver.Received r : of("/main", sent)) {
            assertEquals("ok " + json(r).path("type").asText(), StandardWebhooks.verify(WebhookProfile.SECRET, r),
                    r.headers().toString());
            assertTrue(r.header("webhook-id").startsWith("evt_"), r.header("webhook-id"));
        }
        JsonNode sentEvent = json(of("/main", sent).get(1));
        assertEquals("sent", sentEvent.at("/data/status").asText());
        assertEquals(1, sentEvent.at("/data/attempt").asInt());
        assertEquals(250, sentEvent.at("/data/smtpCode").asInt());
        assertEquals("alice@example.com", sentEvent.at("/data/recipients/0").asText());
        assertTrue(sentEvent.at("/data/messageId").asText().startsWith("<" + sent + "@"), sentEvent.toString());
        assertTrue(sentEvent.path("timestamp").asText().endsWith("Z"), sentEvent.toString());
        // The other endpoint has its own secret: the reference library refuses a delivery checked with the wrong one.
        WebhookReceiver.Received other = receiver.received("/other").stream().filter(about(sent)).findFirst().orElseThrow();
        assertEquals("ok message.sent", StandardWebhooks.verify(WebhookProfile.OTHER_SECRET, other));
        assertTrue(StandardWebhooks.verify(WebhookProfile.SECRET, other).startsWith("invalid"));

        smtp.on(Step.RCPT, Action.reply(550, "5.1.1 Mailbox not found"));
        String failed = queue("nobody@example.com");
        awaitTypes("/main", failed, List.of("message.queued", "message.failed"));
        JsonNode failedEvent = json(of("/main", failed).get(1));
        assertEquals("failed", failedEvent.at("/data/status").asText());
        assertEquals("permanent_recipient", failedEvent.at("/data/outcome").asText());
        assertEquals(550, failedEvent.at("/data/smtpCode").asInt());
        assertEquals("ok message.failed", StandardWebhooks.verify(WebhookProfile.SECRET, of("/main", failed).get(1)));
    }

    @Test
    void aSynchronousSendReportsItsOutcomeToo() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"text\":\"sync\"}")
                .post("/api/v1/messages").then().statusCode(200).extract().path("id");
        awaitTypes("/main", id, List.of("message.sent"));
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameIdUntilItIsTaken() throws Exception {
        receiver.answer("/main", 500, 503);
        String id = queue("alice@example.com");
        awaitTypes("/main", id, List.of("message.queued", "message.sent"));
        List<WebhookReceiver.Received> all = of("/main", id);
        List<WebhookReceiver.Received> queued = all.stream().filter(r -> r.body().contains("message.queued")).toList();
        assertEquals(List.of(500, 503, 200), queued.stream().map(WebhookReceiver.Received::answered).toList());
        assertEquals(1, queued.stream().map(r -> r.header("webhook-id")).distinct().count(), "one webhook-id");
        assertEquals(1, queued.stream().map(WebhookReceiver.Received::body).distinct().count(), "one body");
        // Backoff: the schedule's 300 ms, then 600 ms.
        assertTrue(Duration.between(queued.get(0).at(), queued.get(1).at()).toMillis() >= 250);
        assertTrue(Duration.between(queued.get(1).at(), queued.get(2).at()).toMillis() >= 500);
        // Order: the sent event waited for the queued one it follows.
        WebhookReceiver.Received sent = all.stream().filter(r -> r.body().contains("message.sent")).findFirst()
                .orElseThrow();
        assertTrue(!sent.at().isBefore(queued.get(2).at()), "message.sent arrived before message.queued was taken");
        for (WebhookReceiver.Received r : queued) {
            assertEquals("ok message.queued", StandardWebhooks.verify(WebhookProfile.SECRET, r));
        }

        // The message's history in the API: its events in order, and each delivery's fate.
        var view = given().get("/api/v1/messages/" + id).then().statusCode(200).extract();
        assertEquals(List.of("message.queued", "message.sent"), view.path("events.type"));
        List<Map<String, Object>> hooks = view.path("webhooks.findAll { it.endpoint == 'main' }");
        assertEquals(2, hooks.size(), hooks.toString());
        assertEquals("message.queued", hooks.get(0).get("event"));
        assertEquals("delivered", hooks.get(0).get("status"));
        assertEquals(3, hooks.get(0).get("attempts"));
        assertEquals(200, hooks.get(0).get("lastStatus"));
        assertEquals(null, hooks.get(0).get("nextAttemptAt"));
    }

    @Test
    void aRedirectIsNotFollowedButRetried() throws Exception {
        receiver.answer("/main", 302);
        String id = queue("alice@example.com");
        awaitTypes("/main", id, List.of("message.queued", "message.sent"));
        List<WebhookReceiver.Received> queued = of("/main", id).stream()
                .filter(r -> r.body().contains("message.queued")).toList();
        assertEquals(List.of(302, 200), queued.stream().map(WebhookReceiver.Received::answered).toList());
        assertEquals(queued.get(0).header("webhook-id"), queued.get(1).header("webhook-id"));
        assertEquals(List.of(), receiver.received("/redirected"), "the redirect was not followed");
    }

    @Test
    void anEndpointThatAnswers410IsSwitchedOff() throws Exception {
        receiver.answer("/gone", 410);
        String first = queue("alice@example.com");
        awaitTypes("/main", first, List.of("message.queued", "message.sent"));
        Await.until("the 410", Duration.ofSeconds(10), () -> !receiver.received("/gone").isEmpty());
        String second = queue("alice@example.com");
        awaitTypes("/main", second, List.of("message.queued", "message.sent"));
        Thread.sleep(1_500); // the schedule's retries would have come by now
        assertEquals(1, receiver.received("/gone").size(), "nothing more went to the endpoint after its 410");
        String text = given().get("/q/metrics").then().extract().asString();
        assertTrue(text.contains("mailgate_webhook_deliveries_total{endpoint=\"gone\",result=\"gone\"}"), text);
    }

    /** The list's changes reach the endpoints that want every event, signed, in order for one address. */
    @Test
    void suppressionChangesAreSignedEvents() throws Exception {
        String address = "hook." + System.nanoTime() + "@example.com";
        given().contentType(ContentType.JSON).body("{\"reason\":\"unsubscribe\",\"note\":\"clicked\"}")
                .put("/api/v1/suppressions/" + address).then().statusCode(201);
        given().delete("/api/v1/suppressions/" + address).then().statusCode(204);
        Predicate<WebhookReceiver.Received> mine = r -> r.body().contains(address);
        Await.until("both events at /main", Duration.ofSeconds(20),
                () -> receiver.received("/main").stream().filter(mine).filter(r -> r.answered() == 200).count() == 2);
        List<WebhookReceiver.Received> got = receiver.received("/main").stream().filter(mine).toList();
        JsonNode added = json(got.get(0));
        assertEquals("suppression.added", added.path("type").asText());
        assertEquals(address, added.path("data").path("address").asText());
        assertEquals("unsubscribe", added.path("data").path("reason").asText());
        assertEquals("clicked", added.path("data").path("note").asText());
        assertEquals("suppression.removed", json(got.get(1)).path("type").asText());
        assertEquals("ok suppression.added", StandardWebhooks.verify(WebhookProfile.SECRET, got.get(0)));
        assertTrue(receiver.received("/other").stream().noneMatch(mine), "other asked for message.sent only");
    }
}
