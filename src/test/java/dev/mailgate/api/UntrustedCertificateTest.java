package dev.mailgate.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Requests;
import dev.mailgate.support.UntrustedCertificateProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Certificate verification is on unless an operator trusts a CA through the TLS registry. */
@QuarkusTest
@TestProfile(UntrustedCertificateProfile.class)
class UntrustedCertificateTest {

    @Test
    void selfSignedServerIsRefusedBeforeAnyCredentialIsSent() {
        Requests.sendMinimal().statusCode(502)
                .contentType("application/problem+json")
                .body("outcome", equalTo("configuration"))
                .body("detail", containsString("TLS"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }
}
