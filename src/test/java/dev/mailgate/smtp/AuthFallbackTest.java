package dev.mailgate.smtp;

import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A server that offers PLAIN and LOGIN but refuses PLAIN in practice: mailgate tries LOGIN once on the same
 * connection. A refusal of the credentials themselves is not retried with the other mechanism.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class AuthFallbackTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    FaultSmtpServer server;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.fresh(breakers, gate);
    }

    @Test
    void plainRefusedWith504AndLoginAcceptedSends() {
        server.on(Step.AUTH_PLAIN, reply(504, "5.5.4 Unrecognized authentication type"));
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(1));
        assertEquals("LOGIN bot@mailgate.test:fault-secret-123", server.lastLogin());
        assertEquals(1, server.connections(), "LOGIN on the same connection");
        assertEquals(2, server.commands("AUTH"), "PLAIN, then LOGIN once");
        assertEquals(1, server.accepted());
    }

    @Test
    void aRefusalThatNamesTheMechanismFallsBackToo() {
        server.on(Step.AUTH_PLAIN, reply(535, "5.7.8 Error: authentication failed: Invalid authentication mechanism"));
        Requests.sendMinimal().statusCode(200);
        assertEquals("LOGIN bot@mailgate.test:fault-secret-123", server.lastLogin());
        assertEquals(1, server.accepted());
    }

    @Test
    void bothMechanismsRefusedIsAuthFailedWithNoMoreTries() {
        server.on(Step.AUTH_PLAIN, reply(504, "5.5.4 Unrecognized authentication type"));
        server.on(Step.AUTH, reply(535, "5.7.8 Error: authentication failed"));
        Requests.sendMinimal().statusCode(502).body("outcome", equalTo("auth_failed")).body("attempts", equalTo(1));
        assertEquals(2, server.commands("AUTH"), "one PLAIN, one LOGIN, and no retry");
        assertEquals(0, server.accepted());
    }

    @Test
    void wrongCredentialsAreNotRetriedWithLogin() {
        server.on(Step.AUTH_PLAIN, reply(535, "Error: authentication failed, the authorization code is wrong"));
        Requests.sendMinimal().statusCode(502).body("outcome", equalTo("auth_failed"));
        assertEquals(1, server.commands("AUTH"), "the code is wrong whatever the mechanism");
        assertEquals(0, server.accepted());
    }
}
