package dev.mailgate.smtp;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultLoginProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The two-step AUTH LOGIN dialogue sends the configured user and password, and the mail goes through. */
@QuarkusTest
@TestProfile(FaultLoginProfile.class)
class AuthLoginTest {

    @Test
    void logsInWithLoginWhenThatIsTheAllowedMechanism() {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        Requests.sendMinimal().statusCode(200).body("attempts", equalTo(1));
        assertEquals("LOGIN bot@mailgate.test:fault-secret-123", server.lastLogin());
        assertEquals(1, server.accepted());
    }
}
