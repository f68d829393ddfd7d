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

    @Test
    void isA504AfterTheConfiguredBoundInsteadOfHanging() {
        long start = System.nanoTime();
        Requests.sendMinimal().statusCode(504)
                .contentType("application/problem+json")
                .body("outcome", equalTo("timeout"))
                .body("detail", containsString("1500 ms"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1_400, "ended before the bound: " + ms + " ms");
        assertTrue(SilentServerProfile.Resource.connections() >= 1, "the silent server was really contacted");
    }
}
