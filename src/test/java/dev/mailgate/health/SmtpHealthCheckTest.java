package dev.mailgate.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(GreenMailProfile.class)
class SmtpHealthCheckTest {

    @Test
    void readinessIncludesTheSmtpServer() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("smtp"))
                .body("checks.find { it.name == 'smtp' }.data.server",
                        equalTo("127.0.0.1:" + GreenMailResource.greenMail().getSmtps().getPort()));
    }

    @Test
    void probesDoNotOpenAConnectionEachTime() throws Exception {
        // The interval is 1 s in this profile; probes in quick succession must reuse the first answer.
        long before = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            given().get("/q/health/ready").then().statusCode(200);
        }
        String checkedAt = given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'smtp' }.data.checkedAt");
        String again = given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'smtp' }.data.checkedAt");
        long elapsedMs = (System.nanoTime() - before) / 1_000_000;
        // Another test class's recent send answers instead of a probe (lastSent, no checkedAt): no connection either.
        if (elapsedMs < 900 && checkedAt != null && again != null) {
            assertEquals(checkedAt, again, "a cached result carries the time of the probe that produced it");
        }
    }

    @Test
    void livenessAndStartedAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }
}
