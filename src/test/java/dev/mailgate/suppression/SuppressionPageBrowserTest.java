package dev.mailgate.suppression;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.E2e;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The suppression page in headless Chromium (e2e/suppressions.mjs), with API keys on, and the log's mark. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class SuppressionPageBrowserTest {

    @TestHTTPResource("/suppressions")
    URL page;

    @TestHTTPResource("/messages")
    URL log;

    @Test
    void theSuppressionPageAddsFindsAndRemovesInChromium() throws Exception {
        given().get("/suppressions").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("<script src=\"/suppressions/app.js\"></script>"));
        // A message queued for two recipients, one of whom is suppressed before it is due.
        String dead = "gone." + System.nanoTime() + "@example.com";
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).withNano(0).toString();
        String id = given().header("X-API-Key", SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\",\"" + dead + "\"],\"subject\":\"s\",\"text\":\"x\",\"sendAt\":\""
                        + sendAt + "\"}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");
        given().header("X-API-Key", SecuredProfile.KEY).put("/api/v1/suppressions/" + dead).then().statusCode(201);
        Await.until("the message sent", Duration.ofSeconds(20), () -> "sent".equals(given()
                .header("X-API-Key", SecuredProfile.KEY).get("/api/v1/messages/" + id).then().extract().path("status")));
        String messageId = given().header("X-API-Key", SecuredProfile.KEY).get("/api/v1/messages/" + id).then()
                .extract().path("messageId");
        String out = E2e.browser("suppressions.mjs", page.toString(), SecuredProfile.KEY, log.toString(), messageId);
        assertTrue(out.contains("OK: suppression list"), out);
    }
}
