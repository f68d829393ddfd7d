package dev.mailgate.outbox;

import static dev.mailgate.support.FaultSmtpServer.Action.slowReply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

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
 * A send that outlasts its lease keeps its claim: the lease is renewed while the transaction runs, so recovery
 * (which runs every lease period) never takes it back, and the message ends sent, once, not uncertain.
 */
@QuarkusTest
@TestProfile(LeaseTest.Profile.class)
class LeaseTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of("mailgate.outbox.lease", "1s", "mailgate.delivery.attempt-timeout", "10s",
                    "mailgate.outbox.poll-interval", "100ms"));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    @Test
    void aSendLongerThanItsLeaseKeepsItsClaim() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        server.on(Step.DOT, slowReply(Duration.ofMillis(3_500), 250, "2.0.0 Ok: queued"));
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"slow\"}").post("/api/v1/messages").then()
                .statusCode(202).extract().path("id");
        Await.status(id, "sent", Duration.ofSeconds(20));
        given().get("/api/v1/messages/" + id).then().body("attempts", hasSize(1))
                .body("attempts[0].outcome", equalTo("sent"));
        assertEquals(1, server.accepted());
    }
}
