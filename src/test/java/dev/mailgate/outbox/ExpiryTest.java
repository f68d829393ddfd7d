package dev.mailgate.outbox;

import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The end of waiting: the daily quota defers a message to the next quota day rather than failing it, and a message
 * that cannot go out within max-age is failed with the reason. Here max-age is 2 s and the quota 1 a day.
 */
@QuarkusTest
@TestProfile(ExpiryTest.Profile.class)
class ExpiryTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of("mailgate.outbox.max-age", "2s", "mailgate.delivery.daily-quota", "1",
                    "mailgate.outbox.retry-initial", "300ms", "mailgate.outbox.retry-max", "500ms",
                    "mailgate.outbox.poll-interval", "100ms"));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    FaultSmtpServer server;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    static String queue() {
        return given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages").then()
                .statusCode(202).extract().path("id");
    }

    @Test
    void transientFailuresPastMaxAgeFailTheMessageWithItsLastError() {
        for (int i = 0; i < 100; i++) {
            server.on(Step.MAIL, reply(451, "4.3.0 Temporary local problem"));
        }
        String id = queue();
        Await.status(id, "failed", Duration.ofSeconds(20));
        given().get("/api/v1/messages/" + id).then()
                .body("error.outcome", equalTo("transient"))
                .body("error.smtpCode", equalTo(451))
                .body("error.message", containsString("max-age"));
        assertEquals(0, server.accepted());
    }

    @Test
    void theDailyQuotaDefersAMessageToTheNextDayInsteadOfFailingIt() {
        String first = queue();
        Await.status(first, "sent", Duration.ofSeconds(10));
        String second = queue();
        // Tomorrow is past this profile's 2 s max-age, so the deferral ends it, naming the quota; with the default
        // 24 h it would wait for the next quota day.
        Await.status(second, "failed", Duration.ofSeconds(10));
        given().get("/api/v1/messages/" + second).then()
                .body("error.outcome", equalTo("daily_quota"))
                .body("error.message", containsString("max-age"));
        assertEquals(1, server.accepted());
        String metrics = given().get("/q/metrics").then().extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("mailgate_outbox_deferrals_total{cause=\"daily_quota\"}"));
    }
}
