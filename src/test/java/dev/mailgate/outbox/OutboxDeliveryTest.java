package dev.mailgate.outbox;

import static dev.mailgate.support.FaultSmtpServer.Action.drop;
import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultOutboxProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** The worker against the scripted fault server: retries on the schedule, final outcomes, the explicit retry. */
@QuarkusTest
@TestProfile(FaultOutboxProfile.class)
class OutboxDeliveryTest {

    static final Duration SOON = Duration.ofSeconds(20);

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    FaultSmtpServer server;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    static io.restassured.response.ExtractableResponse<io.restassured.response.Response> queue() {
        return given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"q\",\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(202).extract();
    }

    @Test
    void transientFailuresAreRetriedOnTheScheduleUntilSentOnce() {
        for (int i = 0; i < 5; i++) {
            server.on(Step.MAIL, reply(451, "4.3.0 Temporary local problem"));
        }
        String id = queue().path("id");
        Await.status(id, "sent", SOON);
        assertEquals(1, server.accepted());
        given().get("/api/v1/messages/" + id).then()
                .body("attempts.outcome", equalTo(List.of("transient", "sent")));
    }

    @Test
    void aRefusedRecipientFailsAtOnce() {
        server.on(Step.RCPT, reply(550, "5.1.1 User unknown"));
        String id = queue().path("id");
        Await.status(id, "failed", SOON);
        given().get("/api/v1/messages/" + id).then()
                .body("error.outcome", equalTo("permanent_recipient"))
                .body("error.smtpCode", equalTo(550))
                .body("attempts", hasSize(1));
        assertEquals(0, server.accepted());
    }

    @Test
    void anUncertainMessageIsNeverResentUntilAskedAndThenKeepsItsMessageId() throws Exception {
        server.on(Step.DOT, drop());
        var r = queue();
        String id = r.path("id");
        String messageId = r.path("messageId");
        Await.status(id, "uncertain", SOON);
        Thread.sleep(1_500);
        assertEquals(List.of(messageId), server.messageIds(), "not sent again by itself");

        given().post("/api/v1/messages/" + id + "/retry").then().statusCode(202).body("status", equalTo("queued"));
        Await.status(id, "sent", SOON);
        assertEquals(List.of(messageId, messageId), server.messageIds(), "the same Message-ID, on request");
    }

    @Test
    void aFailedLoginFailsOneMessageAndPausesTheRestUntilTheLoginWorks() {
        for (int i = 0; i < 4; i++) {
            server.on(Step.AUTH, reply(535, "5.7.8 Error: authentication failed"));
        }
        server.closeIdleAfter(Duration.ofMillis(1)); // every send needs a fresh login
        String first = queue().path("id");
        Await.status(first, "failed", SOON);
        // Visible while it lasts: three more failed logins at 400 ms apart keep it paused for over a second.
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.data.queue", equalTo("paused (auth_failed)"));
        String second = queue().path("id");
        Await.status(second, "sent", SOON);
        given().get("/api/v1/messages/" + first).then().body("error.outcome", equalTo("auth_failed"));
        given().get("/api/v1/messages/" + second).then().body("attempts", hasSize(1));
        assertEquals(1, server.accepted());
    }

    @Test
    void aThrottledQueueWaitsForTheProviderAndFailsNothing() {
        for (int i = 0; i < 6; i++) {
            server.on(Step.GREETING, reply(421, "4.7.0 fault.test Error: too many connections from 127.0.0.1"));
        }
        server.on(Step.MAIL, reply(450, "4.7.1 Error: too much mail from 127.0.0.1"),
                reply(450, "4.7.1 Error: too much mail from 127.0.0.1"));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(queue().path("id"));
        }
        for (String id : ids) {
            Await.status(id, "sent", Duration.ofSeconds(60));
        }
        assertEquals(20, server.accepted());
        assertEquals(20, server.messageIds().stream().distinct().count(), "each message once");
        assertTrue(given().get("/q/metrics").then().extract().asString()
                .contains("mailgate_outbox_deferrals_total{cause=\"throttled\"}"), "throttling deferred messages");
    }

    /** A synchronous failure answer carries the id, and the record behind it says the same. */
    @Test
    void aSynchronousFailureCarriesTheIdOfItsRecord() {
        server.on(Step.RCPT, reply(550, "5.1.1 User unknown"));
        String id = given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(422).contentType("application/problem+json")
                .extract().path("id");
        assertTrue(id != null && id.matches("[0-9a-f-]{36}"), "id: " + id);
        Await.status(id, "failed", SOON);
        given().get("/api/v1/messages/" + id).then()
                .body("error.outcome", equalTo("permanent_recipient"))
                .body("error.smtpCode", equalTo(550))
                .body("attempts[0].outcome", equalTo("permanent_recipient"));
    }
}
