package dev.mailgate.delivery;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultDeadlineProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The overall deadline answers the caller in time even while an attempt is still running. */
@QuarkusTest
@TestProfile(FaultDeadlineProfile.class)
class DeadlineTest {

    @Test
    void aHangingServerIsCutOffAtTheDeadline() {
        FaultServerProfile.Resource.server().reset();
        FaultServerProfile.Resource.server().on(Step.DATA, Action.hang());
        long start = System.nanoTime();
        Requests.sendMinimal().statusCode(504)
                .contentType("application/problem+json")
                .body("outcome", equalTo("timeout"))
                .body("detail", containsString("deadline"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 900 && ms < 8_000, "answered after " + ms + " ms; the attempt bound is 10 s");
    }
}
