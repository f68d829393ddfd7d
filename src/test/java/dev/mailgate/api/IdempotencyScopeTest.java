package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Idempotency keys belong to their API key and expire after mailgate.idempotency.ttl (3 s here); where keys are
 * required, a send without one is refused.
 */
@QuarkusTest
@TestProfile(IdempotencyScopeTest.Profile.class)
class IdempotencyScopeTest {

    static final Duration TTL = Duration.ofSeconds(3);

    public static class Profile extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("mailgate.idempotency.ttl", TTL.toSeconds() + "s");
            config.put("mailgate.idempotency.required", "true");
            return config;
        }
    }

    static RequestSpecification as(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    static ExtractableResponse<Response> send(String apiKey, String key, String text) {
        return as(apiKey).header("Idempotency-Key", key).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"" + text + "\"}").post("/api/v1/messages").then()
                .extract();
    }

    @Test
    void twoApiKeysMayUseTheSameValueWithoutMeetingEachOther() {
        String key = UUID.randomUUID().toString();
        var ci = send(SecuredProfile.KEY, key, "from ci");
        var limited = send(SecuredProfile.LIMITED_KEY, key, "from limited");
        assertEquals(202, ci.statusCode(), ci.asString());
        assertEquals(202, limited.statusCode(), "not a mismatch with the other key's request: " + limited.asString());
        assertNull(limited.header("Idempotent-Replayed"));
        assertNotEquals((String) ci.path("id"), (String) limited.path("id"));
        // Each key still replays its own.
        assertEquals(ci.asString(), send(SecuredProfile.KEY, key, "from ci").asString());
        Await.status(as(SecuredProfile.KEY), ci.path("id"), "sent", Duration.ofSeconds(15));
        Await.status(as(SecuredProfile.LIMITED_KEY), limited.path("id"), "sent", Duration.ofSeconds(15));
    }

    @Test
    void anExpiredKeyStartsANewRequest() throws Exception {
        String key = UUID.randomUUID().toString();
        var first = send(SecuredProfile.KEY, key, "before expiry");
        assertEquals(202, first.statusCode());
        Thread.sleep(TTL.plusMillis(500).toMillis());
        var other = send(SecuredProfile.KEY, key, "after expiry");
        assertEquals(202, other.statusCode(), "a new request, not a mismatch: " + other.asString());
        assertNull(other.header("Idempotent-Replayed"));
        assertNotEquals((String) first.path("id"), (String) other.path("id"));
        Await.status(as(SecuredProfile.KEY), other.path("id"), "sent", Duration.ofSeconds(15));
        long arrived = java.util.Arrays.stream(GreenMailResource.greenMail().getReceivedMessages()).filter(m -> {
            try {
                return m.getMessageID().equals(other.path("messageId"));
            } catch (Exception e) {
                return false;
            }
        }).count();
        assertEquals(1, arrived);
    }

    @Test
    void whereKeysAreRequiredASendWithoutOneIs400() {
        as(SecuredProfile.KEY).body("{\"to\":[\"alice@example.com\"],\"text\":\"no key\"}").post("/api/v1/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].message", containsString("mailgate.idempotency.required"));
        as(SecuredProfile.KEY).body(BatchTest.batch(2, -1)).post("/api/v1/messages/batch").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }
}
