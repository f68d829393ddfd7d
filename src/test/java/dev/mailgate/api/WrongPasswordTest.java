package dev.mailgate.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Requests;
import dev.mailgate.support.WrongPasswordProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(WrongPasswordProfile.class)
class WrongPasswordTest {

    @Test
    void isA502WithTheSmtpReplyAndAHintButNeverThePassword() {
        String body = Requests.sendMinimal().statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("type", equalTo("urn:mailgate:problem:auth-failed"))
                .body("title", equalTo("SMTP authentication failed"))
                .body("outcome", equalTo("auth_failed"))
                .body("smtpCode", equalTo(535))
                .body("hint", containsString("MAILGATE_SMTP_PASSWORD"))
                .extract().asString();
        assertEquals(-1, body.indexOf(WrongPasswordProfile.WRONG), body);
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }
}
