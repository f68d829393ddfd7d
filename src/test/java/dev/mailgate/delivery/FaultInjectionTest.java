package dev.mailgate.delivery;

import static dev.mailgate.support.FaultSmtpServer.Action.drop;
import static dev.mailgate.support.FaultSmtpServer.Action.gbkReply;
import static dev.mailgate.support.FaultSmtpServer.Action.hang;
import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static dev.mailgate.support.FaultSmtpServer.Action.slowReply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Every failure mode against a real socket: the HTTP status, the problem fields, the attempt count, and how many
 * messages the server accepted (0 or 1, never 2).
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class FaultInjectionTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @io.quarkus.test.common.http.TestHTTPResource("/api/v1/messages")
    String messages;

    FaultSmtpServer server;

    @Inject
    ThrottleGateAccess gate;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    @Test
    void transientRepliesAreRetriedAndTheMessageArrivesOnce() {
        server.on(Step.MAIL, reply(451, "4.3.0 Temporary local problem"), reply(451, "4.3.0 Temporary local problem"));
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(3));
        assertEquals(1, server.accepted());
    }

    @Test
    void logsInWithPlainAndTheConfiguredCredentials() throws Exception {
        server.closeIdleAfter(java.time.Duration.ofMillis(1)); // a fresh connection, so a fresh login
        Thread.sleep(50);
        // Then no more closing: at 1 ms, a busy machine's pause between EHLO and AUTH would close the new one too.
        server.closeIdleAfter(null);
        Requests.sendMinimal().statusCode(200);
        assertEquals("PLAIN bot@mailgate.test:fault-secret-123", server.lastLogin());
    }

    @Test
    void everyAttemptCarriesTheSameMessageId() {
        server.on(Step.DOT, reply(451, "4.3.0 Try again"), reply(451, "4.3.0 Try again"));
        String messageId = Requests.sendMinimal().statusCode(200).body("attempts", equalTo(3))
                .extract().path("messageId");
        assertEquals(java.util.List.of(messageId, messageId, messageId), server.messageIds(),
                "three deliveries of the data, one Message-ID, so the receiver can de-duplicate");
        assertEquals(1, server.accepted());
    }

    @Test
    void qqConnectionFrequencyLimitIsRetried() {
        server.on(Step.GREETING, reply(550, "Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022"));
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        assertEquals(1, server.accepted());
    }

    @Test
    void persistentThrottlingIsA429AfterTheRetries() {
        for (int i = 0; i < 4; i++) {
            server.on(Step.MAIL, reply(421, "4.7.0 Try again later, closing connection."));
        }
        String retryAfter = Requests.sendMinimal().statusCode(429)
                .contentType("application/problem+json")
                .body("outcome", equalTo("rate_limited"))
                .body("smtpCode", equalTo(421))
                .body("attempts", equalTo(4))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1, "Retry-After: " + retryAfter);
        assertEquals(0, server.accepted());
    }

    @Test
    void unknownRecipientIsA422WithoutRetry() {
        server.on(Step.RCPT, reply(550, "5.1.1 The email account that you tried to reach does not exist."));
        Requests.sendMinimal().statusCode(422)
                .body("outcome", equalTo("permanent_recipient"))
                .body("smtpCode", equalTo(550))
                .body("smtpReply", containsString("does not exist"))
                .body("attempts", equalTo(1));
        assertEquals(0, server.accepted());
    }

    @Test
    void contentRejectedAtEndOfDataIsA422WithoutRetry() {
        server.on(Step.DOT, reply(550, "The mail may contain inappropriate words or content."));
        Requests.sendMinimal().statusCode(422)
                .body("outcome", equalTo("permanent_content"))
                .body("attempts", equalTo(1));
        assertEquals(0, server.accepted());
    }

    @Test
    void loginFailureIsA502WithoutRetry() {
        // Vert.x tries each offered mechanism (LOGIN, then PLAIN) before giving up; QQ refuses both.
        for (int i = 0; i < 4; i++) {
            server.on(Step.AUTH, reply(535, "Login Fail. Please enter your authorization code to login."));
        }
        String body = Requests.sendMinimal().statusCode(502)
                .body("outcome", equalTo("auth_failed"))
                .body("smtpCode", equalTo(535))
                .body("attempts", equalTo(1))
                .extract().asString();
        assertTrue(!body.contains("fault-secret-123"));
        assertEquals(0, server.accepted());
    }

    @Test
    void senderNotTheLoginIsA502WithoutRetry() {
        server.on(Step.MAIL, reply(501, "Mail from address must be same as authorization user."));
        Requests.sendMinimal().statusCode(502)
                .body("outcome", equalTo("sender_rejected"))
                .body("smtpCode", equalTo(501))
                .body("attempts", equalTo(1));
        assertEquals(0, server.accepted());
    }

    @Test
    void connectionDroppedAtTheGreetingIsRetriedAndArrivesOnce() {
        server.on(Step.GREETING, drop());
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        assertEquals(1, server.accepted());
    }

    @Test
    void connectionDroppedAtLoginIsRetriedAndArrivesOnce() {
        server.on(Step.AUTH, drop());
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        assertEquals(1, server.accepted());
    }

    @Test
    void anAttemptThatTimesOutBeforeItsTransactionIsCancelledAndRetried() throws Exception {
        // The greeting comes after the 1 s attempt timeout. The retry gets its own connection and delivers; when the
        // late greeting lets the first attempt's session finish, that attempt must not send as well.
        server.on(Step.GREETING, slowReply(java.time.Duration.ofMillis(1_500), 220, "slow.mailgate.test ESMTP"));
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        Thread.sleep(1_500);
        assertEquals(1, server.accepted(), "the abandoned attempt sent nothing");
    }

    /** Up to the final dot the server can only discard the message, so a drop there is retried safely. */
    @Test
    void connectionDroppedBeforeTheDataIsRetriedAndArrivesOnce() {
        server.on(Step.RCPT, drop());
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        assertEquals(1, server.accepted());
    }

    @Test
    void connectionDroppedAfterDataWasRequestedIsRetriedAndArrivesOnce() {
        server.on(Step.DATA, drop());
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        assertEquals(1, server.accepted());
    }

    @Test
    void gbkReplyTextIsReadable() {
        server.on(Step.DOT, gbkReply(550, "您的邮件内容不符合规范"));
        Requests.sendMinimal().statusCode(422)
                .body("outcome", equalTo("permanent_content"))
                .body("smtpReply", containsString("您的邮件内容不符合规范"));
        assertEquals(0, server.accepted());
    }

    @Test
    void connectionDroppedAfterTheFinalDotIsUncertainAndNotRetried() {
        server.on(Step.DOT, drop());
        Requests.sendMinimal().statusCode(502)
                .body("outcome", equalTo("uncertain"))
                .body("hint", containsString("before resending"))
                .body("attempts", equalTo(1));
        assertEquals(1, server.accepted(), "the server got it once; a retry would have made it twice");
    }

    @Test
    void aClientThatHangsUpDoesNotCutTheDeliveryShort() throws Exception {
        server.on(Step.DOT, slowReply(java.time.Duration.ofMillis(800), 250, "2.0.0 Ok: queued"));
        double sentBefore = sentCount();
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(messages))
                .timeout(java.time.Duration.ofMillis(300)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Requests.MINIMAL)).build();
        try {
            client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the slow send should have outlasted the client's 300 ms");
        } catch (java.net.http.HttpTimeoutException expected) {
            // the client gave up and closed its connection
        }
        Thread.sleep(2_000);
        assertEquals(1, server.accepted(), "delivered once, though nobody waited for it");
        assertEquals(sentBefore + 1, sentCount(), "and counted as sent");
    }

    private double sentCount() {
        var counter = registry.find("mailgate.messages").tag("outcome", "sent").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void serverHangingBeforeTheFinalDotIsCancelledAndRetried() throws Exception {
        server.on(Step.DATA, hang());
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(2));
        Thread.sleep(300);
        assertEquals(1, server.accepted(), "the hung attempt was cut off before its final dot");
    }

    @Test
    void serverHangingAfterTheDataIsA504AndNeverSentTwice() {
        server.on(Step.DOT, hang());
        Requests.sendMinimal().statusCode(504).body("attempts", equalTo(1));
        assertEquals(1, server.accepted());
    }

    @Test
    void refusedConnectionsAreRetriedUntilTheServerIsBack() throws Exception {
        server.refuse();
        CompletableFuture.runAsync(server::resume, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS));
        int attempts = Requests.sendMinimal().statusCode(200).extract().path("attempts");
        assertTrue(attempts >= 2, "attempts: " + attempts);
        assertEquals(1, server.accepted());
    }

    @Test
    void aPooledConnectionTheServerClosedWhileIdleDoesNotFailASend() throws Exception {
        server.closeIdleAfter(java.time.Duration.ofMillis(200));
        Requests.sendMinimal().statusCode(200);
        Thread.sleep(700);
        Requests.sendMinimal().statusCode(200);
        assertEquals(2, server.accepted());
    }

    @Test
    void repeatedFailuresOpenTheCircuitThenATrialClosesIt() throws Exception {
        // A server that is down: every connection is dropped before the greeting. Outages open the breaker.
        for (int i = 0; i < 4; i++) {
            server.on(Step.GREETING, drop());
        }
        Requests.sendMinimal().statusCode(503).body("attempts", equalTo(4));
        int connections = server.connections();

        long start = System.nanoTime();
        Requests.sendMinimal().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mailgate:problem:circuit-open"))
                .header("Retry-After", equalTo("2"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 500, "an open circuit fails fast");
        assertEquals(connections, server.connections(), "no connection while the circuit is open");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'smtp' }.data.circuit", equalTo("open"));

        Thread.sleep(1_600);
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(1));
        assertEquals(1, server.accepted());
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'smtp' }.data.circuit", equalTo("closed"));
    }
}
