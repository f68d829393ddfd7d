package dev.mailgate.bounce;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The mailbox refuses the login (QQ does so while IMAP is off in its settings): reported with the server's words in
 * the log, readiness and a metric, never fatal, never with the password; and sending goes on.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class BounceLoginRefusedTest {

    @Test
    void aRefusedLoginIsReportedAndSendingGoesOn() throws Exception {
        String[] error = new String[1];
        Await.until(() -> "readiness to show the refused login, last: " + error[0], Duration.ofSeconds(20), () -> {
            error[0] = given().get("/q/health/ready").then().extract()
                    .path("checks.find { it.name == 'bounces' }.data.'bounces.default.lastError'");
            return error[0] != null;
        });
        assertTrue(error[0].contains("refused the login"), error[0]);
        assertTrue(error[0].contains("Invalid login/password"), "the server's words: " + error[0]);
        assertFalse(error[0].contains(SecuredProfile.WRONG_IMAP_PASSWORD));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then()
                .body(containsString("mailgate_bounce_reader_failures_total{account=\"default\"}"));

        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        given().header("Authorization", "Bearer " + SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"still@example.com\"],\"subject\":\"sending goes on\",\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200).body("status", equalTo("sent"));
        assertTrue(GreenMailResource.greenMail().waitForIncomingEmail(5000, 1));

        String log = Files.readString(Path.of(SecuredProfile.LOG));
        assertTrue(log.contains("the IMAP server refused the login of account default"), "the warning is logged");
        assertFalse(log.contains(SecuredProfile.WRONG_IMAP_PASSWORD), "the password is never logged");
    }
}
