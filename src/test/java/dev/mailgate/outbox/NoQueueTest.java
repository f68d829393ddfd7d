package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Where asynchronous sending is off (scale-to-zero): the preference is not applied, and sendAt is refused. */
@QuarkusTest
@TestProfile(NoQueueTest.Profile.class)
class NoQueueTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailgate.outbox.accept-async", "false");
        }
    }

    @Test
    void preferIsAnsweredSynchronouslyAndSendAtIsA400() {
        given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages").then()
                .statusCode(200).body("status", equalTo("sent")).header("Preference-Applied", nullValue());
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"sendAt\":\"" + OffsetDateTime.now().plusHours(1) + "\"}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.find { it.field == 'sendAt' }.message", containsString("accept-async=false"));
    }
}
