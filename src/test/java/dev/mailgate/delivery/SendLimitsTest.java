package dev.mailgate.delivery;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultRateLimitProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** mailgate's own limits answer 429 with Retry-After, before any SMTP connection. */
@QuarkusTest
@TestProfile(FaultRateLimitProfile.class)
class SendLimitsTest {

    @Test
    void dailyQuotaThenRateLimitAnswer429WithRetryAfter() {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        Requests.sendMinimal().statusCode(200);
        Requests.sendMinimal().statusCode(200);

        String quotaRetry = Requests.sendMinimal().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mailgate:problem:daily-quota"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(quotaRetry);
        assertTrue(seconds >= 1 && seconds <= 86_400, "seconds until midnight: " + seconds);

        String rateRetry = Requests.sendMinimal().statusCode(429)
                .body("type", equalTo("urn:mailgate:problem:rate-limited"))
                .extract().header("Retry-After");
        assertTrue(Long.parseLong(rateRetry) >= 1 && Long.parseLong(rateRetry) <= 60, rateRetry);
        assertEquals(2, server.accepted(), "nothing beyond the limits reached the server");
    }
}
