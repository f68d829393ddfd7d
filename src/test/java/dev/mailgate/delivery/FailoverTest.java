package dev.mailgate.delivery;

import static dev.mailgate.support.FaultSmtpServer.Action.drop;
import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import dev.mailgate.support.TwoAccountsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Failover between two real SMTP servers: the scripted primary and GreenMail as the backup. Every case checks what
 * each server actually received.
 */
@QuarkusTest
@TestProfile(TwoAccountsProfile.class)
class FailoverTest {

    private static final String WRONG_CODE = "Error: authentication failed, the authorization code is wrong";

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gates;

    FaultSmtpServer primary;

    @BeforeEach
    void fresh() throws Exception {
        TwoAccountsProfile.fresh(breakers, gates);
        primary = TwoAccountsProfile.primary();
    }

    @Test
    void aRefusedLoginFailsOverAndTheOpenBreakerSendsStraightToTheBackup() throws Exception {
        primary.on(Step.AUTH, reply(535, WRONG_CODE), reply(535, WRONG_CODE), reply(535, WRONG_CODE));
        for (int i = 0; i < 3; i++) {
            Requests.sendMinimal().statusCode(200).body("account", equalTo("backup")).body("attempts", equalTo(2));
        }
        assertEquals(0, primary.accepted());
        assertEquals(3, TwoAccountsProfile.backup().getReceivedMessages().length);
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState("smtp-primary"), "three login failures in a row");

        int connections = primary.connections();
        Requests.sendMinimal().statusCode(200).body("account", equalTo("backup")).body("attempts", equalTo(1));
        assertEquals(connections, primary.connections(), "an open breaker: the primary is not even contacted");
        assertEquals(4, TwoAccountsProfile.backup().getReceivedMessages().length);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'smtp' }.data.'account.primary.circuit'", equalTo("open"))
                .body("checks.find { it.name == 'smtp' }.data.'account.backup.circuit'", equalTo("closed"));
    }

    @Test
    void aThrottledPrimaryFailsOverAndSendsReturnWhenItRecovers() throws Exception {
        primary.on(Step.MAIL, reply(550, "Connection frequency limited. http://service.mail.qq.com/"));
        Requests.sendMinimal().statusCode(200).body("account", equalTo("backup"));
        assertEquals(1, TwoAccountsProfile.backup().getReceivedMessages().length);
        // While its gate is closed, the primary is skipped without a connection.
        int connections = primary.connections();
        Requests.sendMinimal().statusCode(200).body("account", equalTo("backup"));
        assertEquals(connections, primary.connections());

        Thread.sleep(1_700); // the throttle pause (1.5 s) is over
        Requests.sendMinimal().statusCode(200).body("account", equalTo("primary"));
        assertEquals(1, primary.accepted());
        assertEquals(2, TwoAccountsProfile.backup().getReceivedMessages().length);
    }

    @Test
    void aRecipientRefusedByThePrimaryIsNotFailedOver() {
        primary.on(Step.RCPT, reply(550, "5.1.1 Mailbox not found"));
        Requests.sendMinimal().statusCode(422).body("outcome", equalTo("permanent_recipient"))
                .body("account", equalTo("primary"));
        assertEquals(0, TwoAccountsProfile.backup().getReceivedMessages().length, "the backup would refuse it too");
    }

    @Test
    void aConnectionLostAfterTheFinalDotStaysUncertainOnThePrimary() throws Exception {
        primary.on(Step.DOT, drop());
        Requests.sendMinimal().statusCode(502).body("outcome", equalTo("uncertain")).body("account", equalTo("primary"));
        Thread.sleep(300);
        assertEquals(1, primary.messageIds().size(), "the data reached the primary");
        assertEquals(0, TwoAccountsProfile.backup().getReceivedMessages().length, "never sent twice");
    }

    @Test
    void withoutFromTheBackupSendsAsItsOwnLoginWithTheSameMessageId() throws Exception {
        // A throttle answered to the data: refused, so nothing was delivered, and the next account may send it.
        primary.on(Step.DOT, reply(550, "Connection frequency limited"));
        String messageId = given().contentType(ContentType.JSON).body("""
                {"fromName":"构建机器人","to":["alice@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(200).body("account", equalTo("backup"))
                .extract().path("messageId");
        assertEquals(java.util.List.of(messageId), primary.messageIds(), "the primary saw the message first");
        MimeMessage[] received = TwoAccountsProfile.backup().getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals(messageId, received[0].getMessageID(), "one Message-ID across accounts");
        jakarta.mail.internet.InternetAddress from = (jakarta.mail.internet.InternetAddress) received[0].getFrom()[0];
        assertEquals(TwoAccountsProfile.BACKUP, from.getAddress(), "the backup's own login");
        assertEquals("构建机器人", from.getPersonal(), "with the request's display name");
        assertEquals(TwoAccountsProfile.PRIMARY, ((jakarta.mail.internet.InternetAddress) received[0].getReplyTo()[0])
                .getAddress(), "mailgate.accounts.reply-to=primary: answers go to the primary address");
    }

    @Test
    void anExplicitFromOnlyThePrimaryMaySendWaitsInsteadOfGoingOutFromTheBackup() {
        // The primary is down: it turns every connection away at the greeting.
        for (int i = 0; i < 6; i++) {
            primary.on(Step.GREETING, reply(421, "4.3.2 Service not available, closing transmission channel"));
        }
        given().contentType(ContentType.JSON).body("""
                {"from":"Alerts <primary@mailgate.test>","to":["alice@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(503).body("account", equalTo("primary"));
        assertEquals(0, TwoAccountsProfile.backup().getReceivedMessages().length, "not sent from the wrong address");
    }

    @Test
    void anExplicitFromNoAccountMaySendIsRefusedBeforeAnyConnection() {
        int connections = primary.connections();
        given().contentType(ContentType.JSON).body("""
                {"from":"someone@elsewhere.test","to":["alice@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(403)
                .body("type", equalTo("urn:mailgate:problem:sender-not-allowed"));
        assertEquals(connections, primary.connections());
    }

    /** The backup's senders (*@alerts.mailgate.test) go through SenderPatterns: no look-alike domain passes. */
    @Test
    void anAccountsDomainPatternLetsNoLookAlikeDomainThrough() throws Exception {
        for (String from : new String[] { "ops@badalerts.mailgate.test", "ops@alerts.mailgate.test.evil" }) {
            given().contentType(ContentType.JSON).body("{\"from\":\"" + from
                    + "\",\"to\":[\"alice@example.com\"],\"subject\":\"x\",\"text\":\"x\"}")
                    .post("/api/v1/messages").then().statusCode(403)
                    .body("type", equalTo("urn:mailgate:problem:sender-not-allowed"));
        }
        given().contentType(ContentType.JSON).body("""
                {"from":"Ops@Alerts.Mailgate.Test","to":["alice@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(200).body("account", equalTo("backup"));
        assertEquals(0, primary.connections(), "only the backup may send as that domain");
        MimeMessage[] received = TwoAccountsProfile.backup().getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Ops@Alerts.Mailgate.Test",
                ((jakarta.mail.internet.InternetAddress) received[0].getFrom()[0]).getAddress());
    }

    @Test
    void theOutboxFailsOverTooAndRecordsTheAccountOfEachAttempt() throws Exception {
        primary.on(Step.AUTH, reply(535, WRONG_CODE));
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async").body(Requests.MINIMAL)
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");
        Await.until("the message sent", Duration.ofSeconds(10), () -> "sent".equals(given().get("/api/v1/messages/" + id).then()
                .extract().path("status")));
        given().get("/api/v1/messages/" + id).then().body("account", equalTo("backup"))
                .body("sender", equalTo(TwoAccountsProfile.BACKUP))
                .body("attempts.account", equalTo(java.util.List.of("primary", "backup")))
                .body("attempts.outcome", equalTo(java.util.List.of("auth_failed", "sent")));
        assertEquals(1, TwoAccountsProfile.backup().getReceivedMessages().length);
        assertTrue(given().get("/q/metrics").then().extract().asString()
                .contains("mailgate_smtp_attempts_total{account=\"primary\",outcome=\"auth_failed\"}"));
    }

    @Test
    void aDisplayNameGoesWithoutFromNotBesideIt() {
        given().contentType(ContentType.JSON).body("""
                {"from":"a@mailgate.test","fromName":"Ops","to":["alice@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(400).body("errors[0].field", equalTo("fromName"));
        assertEquals(0, primary.connections());
    }
}
