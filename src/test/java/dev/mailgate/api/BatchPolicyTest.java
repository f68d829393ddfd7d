package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The sender allow-list and the key's rate limit apply to each element of a batch. */
@QuarkusTest
@TestProfile(BatchPolicyTest.Profile.class)
class BatchPolicyTest {

    /** An application of its own: the limited key's permits used here are not another test's. */
    public static class Profile extends SecuredProfile {
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    static String batch(String... froms) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < froms.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"from\":\"").append(froms[i])
                    .append("\",\"to\":[\"alice@example.com\"],\"text\":\"policy ").append(i).append("\"}");
        }
        return sb.append("]}").toString();
    }

    static String newest(String key) {
        List<String> ids = as(key).get("/api/v1/messages?limit=1").then().statusCode(200).extract().path("messages.id");
        return ids.isEmpty() ? null : ids.getFirst();
    }

    @Test
    void aSenderTheKeyMayNotUseRefusesAStrictBatchAndIsNamedInAPermissiveOne() throws Exception {
        String allowed = "ops@alerts.mailgate.test";
        String before = newest(SecuredProfile.KEY);
        as(SecuredProfile.KEY).body(batch(allowed, "ceo@evil.example")).post("/api/v1/messages/batch").then()
                .statusCode(403).body("detail", containsString("messages[1]"));
        Thread.sleep(300);
        assertEquals(before, newest(SecuredProfile.KEY), "a refused batch stores nothing");

        as(SecuredProfile.KEY).body(batch(allowed, "ceo@evil.example", GreenMailResource.LOGIN))
                .post("/api/v1/messages/batch?mode=permissive").then().statusCode(202)
                .body("data[1]", nullValue()).body("data[0].status", equalTo("queued"))
                .body("data[2].status", equalTo("queued")).body("errors[0].field", equalTo("messages[1].from"));
    }

    @Test
    void theKeysRateLimitCountsEveryElement() throws Exception {
        // The limited key may send 2 a minute: a strict batch of 3 is refused whole.
        String before = newest(SecuredProfile.LIMITED_KEY);
        as(SecuredProfile.LIMITED_KEY).body(batch(GreenMailResource.LOGIN, GreenMailResource.LOGIN,
                GreenMailResource.LOGIN)).post("/api/v1/messages/batch").then().statusCode(429)
                .body("type", equalTo("urn:mailgate:problem:rate-limited"));
        Thread.sleep(300);
        assertEquals(before, newest(SecuredProfile.LIMITED_KEY), "nothing was stored");
    }
}
