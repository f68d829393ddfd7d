package dev.mailgate.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Requests;
import dev.mailgate.support.TwoAccountsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The primary's daily quota is used up, so the backup delivers; on PostgreSQL the count is every replica's. */
@QuarkusTest
@TestProfile(FailoverQuotaTest.Profile.class)
class FailoverQuotaTest {

    public static class Profile extends TwoAccountsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailgate.accounts.primary.daily-quota", "1");
        }
    }

    @Inject
    SharedLimits limits;

    @Test
    void aUsedUpQuotaSendsThroughTheBackup() throws Exception {
        if (limits.shared()) {
            // Another replica sent the primary's one message of the day: the count lives in the shared store.
            assertEquals(true, limits.reserveQuota("primary", LocalDate.now(ZoneId.of("Asia/Shanghai")), 1));
        } else {
            Requests.sendMinimal().statusCode(200).body("account", equalTo("primary"));
        }
        int connections = TwoAccountsProfile.primary().connections();
        Requests.sendMinimal().statusCode(200).body("account", equalTo("backup"));
        assertEquals(connections, TwoAccountsProfile.primary().connections(), "no connection for a used-up quota");
        assertEquals(1, TwoAccountsProfile.backup().getReceivedMessages().length);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'smtp' }.data.'account.primary.quota'", equalTo("1/1"))
                .body("checks.find { it.name == 'smtp' }.data.'account.backup.quota'", equalTo("none"));
    }
}
