package dev.mailgate.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.WebhookProfile;
import dev.mailgate.support.WebhookReceiver;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * One asynchronous send, traced with the SDK's in-memory exporter: the caller's trace holds the HTTP accept, the SMTP
 * attempt made later by the outbox, and each webhook delivery; the webhook receiver gets the trace too.
 */
@QuarkusTest
@TestProfile(TracingTest.Profile.class)
class TracingTest {

    public static class Profile extends WebhookProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("dev.mailgate.test.in-memory-spans", "true");
            return config;
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void oneAsynchronousSendIsOneTraceFromTheCallerToTheWebhooks() {
        WebhookReceiver receiver = WebhookProfile.Resource.receiver();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"traced\",\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(202).extract().path("id");
        Await.until("the message.sent webhook", Duration.ofSeconds(20), () -> receiver.received("/main").stream()
                .anyMatch(r -> r.body().contains("\"id\":\"" + id + "\"") && r.body().contains("message.sent")));
        Await.until(() -> "spans of the trace: " + names(trace), Duration.ofSeconds(20),
                () -> names(trace).containsAll(List.of("smtp attempt", "webhook POST")) && names(trace).stream()
                        .filter("webhook POST"::equals).count() >= 2 && server(trace) != null);

        SpanData accept = server(trace);
        assertEquals("00f067aa0ba902b7", accept.getParentSpanId(), "the accept joined the caller's span");
        SpanData attempt = of(trace, "smtp attempt").getFirst();
        assertEquals(SpanKind.CLIENT, attempt.getKind());
        assertEquals("sent", attempt.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("mailgate.outcome")).findFirst().orElseThrow().getValue());
        assertEquals(1L, attribute(attempt, "mailgate.attempt"));
        assertEquals(250L, attribute(attempt, "mailgate.smtp.code"));
        assertEquals("accepted", attribute(attempt, "mailgate.smtp.phase"));
        for (SpanData hook : of(trace, "webhook POST")) {
            assertEquals(200L, attribute(hook, "http.response.status_code"));
        }
        // The receiver is told the trace, so its own spans can join it.
        assertTrue(receiver.received("/main").stream().filter(r -> r.body().contains(id))
                .allMatch(r -> String.valueOf(r.header("traceparent")).startsWith("00-" + trace + "-")),
                receiver.received("/main").toString());
    }

    private List<SpanData> of(String trace, String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace))
                .filter(s -> s.getName().equals(name)).toList();
    }

    private List<String> names(String trace) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).map(SpanData::getName)
                .toList();
    }

    private SpanData server(String trace) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace))
                .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElse(null);
    }

    private static Object attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
