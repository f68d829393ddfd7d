package dev.mailgate.delivery;

import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A provider that says "slow down" slows mailgate down: sends wait at the throttle gate or get 429 with Retry-After,
 * and the circuit breaker, which is for outages, stays closed.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class ThrottleTest {

    static final String POSTFIX_CONNECTIONS = "4.7.0 fault.test Error: too many connections from 127.0.0.1";

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    @TestHTTPResource("/api/v1/messages")
    URI messages;

    FaultSmtpServer server;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    @Test
    void aBurstAgainstAConnectionLimitGetsOnly200Or429AndNeverOpensTheBreaker() {
        for (int i = 0; i < 8; i++) {
            server.on(Step.GREETING, reply(421, POSTFIX_CONNECTIONS));
        }
        List<HttpResponse<String>> answers = Requests.sendConcurrently(messages, 6);

        int sent = 0;
        for (HttpResponse<String> a : answers) {
            assertTrue(a.statusCode() == 200 || a.statusCode() == 429, a.statusCode() + " " + a.body());
            if (a.statusCode() == 429) {
                assertTrue(a.headers().firstValue("Retry-After").isPresent(), "429 without Retry-After: " + a.body());
                assertTrue(a.body().contains("rate_limited"), a.body());
            } else {
                sent++;
            }
        }
        assertTrue(sent >= 1, "some sends must get through once the gate opens");
        assertEquals(sent, server.accepted());
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'smtp' }.data.circuit", equalTo("closed"));
    }

    @Test
    void aThrottleLongerThanTheDeadlineIsA429WithTheProvidersWaitAndNoFurtherConnections() {
        for (int i = 0; i < 4; i++) {
            server.on(Step.GREETING, reply(421, POSTFIX_CONNECTIONS + ", try again in 60 seconds"));
        }
        String retryAfter = Requests.sendMinimal().statusCode(429)
                .body("outcome", equalTo("rate_limited"))
                .body("smtpCode", equalTo(421))
                .body("smtpReply", containsString("too many connections"))
                .body("attempts", equalTo(1))
                .extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds > 50 && seconds <= 60, "Retry-After follows the reply's 60 s: " + seconds);

        int connections = server.connections();
        Requests.sendMinimal().statusCode(429).body("outcome", equalTo("rate_limited"));
        assertEquals(connections, server.connections(), "while the gate is closed mailgate does not connect");
        assertEquals(0, server.accepted());
    }

    @Test
    void aThrottledRetryReusesThePooledConnection() {
        Requests.sendMinimal().statusCode(200);
        assertEquals(1, server.connections());
        server.on(Step.MAIL, reply(450, "4.7.1 Error: too much mail from 127.0.0.1"));

        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));

        assertEquals(1, server.connections(), "the throttled send went out on the same connection");
        assertEquals(1, server.commands("RSET"), "the refused transaction was reset, not dropped");
        assertEquals(2, server.accepted());
    }
}
