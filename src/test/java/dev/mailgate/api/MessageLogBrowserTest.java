package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.E2e;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The message log page in headless Chromium (e2e/messages.mjs), with API keys on: it lists the key's messages, shows
 * one, cancels a scheduled one, finds one by Message-ID, and shows a subject full of HTML as text.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class MessageLogBrowserTest {

    @TestHTTPResource("/messages")
    URL page;

    @Test
    void pageIsServedWithARestrictiveCspAndNoInlineScript() {
        given().get("/messages").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("<script src=\"/messages/app.js\"></script>"));
        String html = given().get("/messages").then().extract().asString();
        assertTrue(html.split("<script").length == 2, "one script element, from a file");
        given().get("/messages/app.js").then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void listsShowsCancelsAndFindsMessagesInChromium() throws Exception {
        String subject = "<img src=x onerror=alert(1)><b>bold</b> 报告 " + System.nanoTime();
        String sendAt = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
        given().header("Authorization", "Bearer " + SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"" + subject.replace("\"", "\\\"")
                        + "\",\"text\":\"later\",\"sendAt\":\"" + sendAt + "\"}")
                .post("/api/v1/messages").then().statusCode(202);
        String messageId = given().header("Authorization", "Bearer " + SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"bob@example.com\"],\"subject\":\"found by id\",\"text\":\"now\"}")
                .post("/api/v1/messages").then().statusCode(200).extract().path("messageId");
        String out = E2e.browser("messages.mjs", page.toString(), SecuredProfile.KEY, subject, messageId);
        assertTrue(out.contains("OK: message log"), out);
    }
}
