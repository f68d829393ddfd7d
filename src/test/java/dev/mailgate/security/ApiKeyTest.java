package dev.mailgate.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.internet.InternetAddress;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** What a valid key may do, and what stays open without one. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class ApiKeyTest {

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void bearerKeySendsFromTheLogin() {
        given().header("Authorization", "Bearer " + SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200);
        assertEquals(1, GreenMailResource.greenMail().getReceivedMessages().length);
    }

    @Test
    void xApiKeyMaySendFromAnAllowedDomainWithADisplayName() throws Exception {
        given().header("X-API-Key", SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"from\":\"告警 <pager@alerts.mailgate.test>\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200);
        var m = GreenMailResource.greenMail().getReceivedMessages()[0];
        assertEquals("pager@alerts.mailgate.test", ((InternetAddress) m.getFrom()[0]).getAddress());
    }

    /** The key's *@alerts.mailgate.test goes through SenderPatterns: no look-alike domain gets past it. */
    @Test
    void aDomainPatternLetsNoLookAlikeDomainThrough() {
        for (String from : new String[] { "pager@badalerts.mailgate.test", "pager@alerts.mailgate.test.evil",
                "pager@sub.alerts.mailgate.test" }) {
            given().header("X-API-Key", SecuredProfile.KEY).contentType(ContentType.JSON)
                    .body("{\"from\":\"" + from + "\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                    .post("/api/v1/messages").then().statusCode(403)
                    .body("type", equalTo("urn:mailgate:problem:sender-not-allowed"));
        }
        given().header("X-API-Key", SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"from\":\"PAGER@Alerts.Mailgate.Test\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200);
        assertEquals(1, GreenMailResource.greenMail().getReceivedMessages().length, "only the allowed one was sent");
    }

    @Test
    void aKeyWithoutSendersMayOnlyUseTheConfiguredSender() {
        given().header("X-API-Key", SecuredProfile.LIMITED_KEY).contentType(ContentType.JSON)
                .body("{\"from\":\"pager@alerts.mailgate.test\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(403)
                .body("type", equalTo("urn:mailgate:problem:sender-not-allowed"));
    }

    @Test
    void perKeyRateLimitIs429WithRetryAfter() {
        for (int i = 0; i < 2; i++) {
            given().header("X-API-Key", SecuredProfile.LIMITED_KEY).contentType(ContentType.JSON)
                    .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                    .post("/api/v1/messages").then().statusCode(200);
        }
        given().header("X-API-Key", SecuredProfile.LIMITED_KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // The other key is not affected.
        given().header("X-API-Key", SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unauthorizedCarriesAChallenge() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/messages")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer");
    }
}
