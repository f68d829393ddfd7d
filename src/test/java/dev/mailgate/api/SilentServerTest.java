package dev.mailgate.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Requests;
import dev.mailgate.support.SilentServerProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SilentServerProfile.class)
class SilentServerTest {

    /**
     * Nothing was sent (the server never greeted), so each timed-out attempt is cancelled and retried; when the retries
     * run out the answer is a 503 with the reason, never a hang.
     */
    @Test
    void isA503AfterBoundedRetriesInsteadOfHanging() {
        long start = System.nanoTime();
        Requests.sendMinimal().statusCode(503)
                .contentType("application/problem+json")
                .body("outcome", equalTo("transient"))
                .body("attempts", equalTo(4))
                .body("detail", containsString("no reply from the SMTP server within 1500 ms"))
                .body("detail", containsString("Nothing was sent"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 4 * 1_400, "ended before four bounded attempts: " + ms + " ms");
        assertTrue(SilentServerProfile.Resource.connections() >= 1, "the silent server was really contacted");
    }
}
