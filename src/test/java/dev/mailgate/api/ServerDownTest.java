package dev.mailgate.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Requests;
import dev.mailgate.support.ServerDownProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ServerDownProfile.class)
class ServerDownTest {

    @Test
    void isA503ProblemBeforeTheAttemptTimeout() {
        long start = System.nanoTime();
        Requests.sendMinimal().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("outcome", equalTo("transient"))
                .body("detail", containsString("connect"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        // A refused connection is reported as such, not turned into a timeout after the 5 s bound.
        assertTrue(ms < 5_000, "took " + ms + " ms");
    }

    @Test
    void readinessIsDownAndSaysWhy() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'smtp' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'smtp' }.data.detail", containsString("cannot reach"));
    }
}
