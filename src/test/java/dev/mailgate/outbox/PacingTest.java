package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.FaultPacedProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A burst larger than the provider's rate: the queue absorbs it and drains at the configured 5 per second, and
 * nothing fails. (The same burst sent synchronously would get 429 for most of it.)
 */
@QuarkusTest
@TestProfile(FaultPacedProfile.class)
class PacingTest {

    @Test
    void aBurstDrainsAtTheConfiguredRateWithNothingFailed() {
        FaultSmtpServer server = FaultServerProfile.Resource.server();
        server.reset();
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                    .body("{\"to\":[\"alice@example.com\"],\"text\":\"burst " + i + "\"}").post("/api/v1/messages")
                    .then().statusCode(202).extract().path("id"));
        }
        for (String id : ids) {
            Await.status(id, "sent", Duration.ofSeconds(60));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(30, server.accepted());
        assertEquals(30, server.acceptedMessageIds().stream().distinct().count());
        // 30 at 5 a second cannot all be out in less than 5 s (the first 5 go at once): the limit was kept.
        assertTrue(seconds >= 4.5, "drained in " + seconds + " s, faster than the configured rate allows");
        given().get("/api/v1/messages?status=failed").then().statusCode(200)
                .body("messages.size()", org.hamcrest.Matchers.equalTo(0));
        assertTrue(given().get("/q/metrics").then().extract().asString()
                .contains("mailgate_outbox_deferrals_total{cause=\"rate_limit\"}"), "the rate limit deferred, not failed");
    }
}
