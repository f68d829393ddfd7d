package dev.mailgate.delivery;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import dev.mailgate.support.PostgresResource;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * On PostgreSQL the daily quota and the provider rate limit are the replicas' together: what another replica took
 * (written here straight into the shared tables) is not available to this one, and racing replicas never overshoot.
 * The rate limit is 10 a minute, for this process and for all; the tests that send use 7 of this process's own, so a
 * 429 can only come from the shared count.
 */
@OnPostgres
@QuarkusTest
@TestProfile(SharedLimitsTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedLimitsTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of(FT + "rate-limit.value", "10", "mailgate.delivery.daily-quota", "5"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }

    @Inject
    SharedLimits limits;

    @Inject
    MailgateConfig config;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    /** PostgreSQL failing over is not the SMTP provider failing: 503, nothing sent, and the breaker stays closed. */
    @Test
    @Order(0)
    void aStoreThatCannotBeAskedIsA503AndNotAnOutage() throws Exception {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        sql("ALTER TABLE quota_usage RENAME TO quota_usage_away");
        try {
            for (int i = 0; i < 4; i++) {
                Requests.sendMinimal().statusCode(503).body("type", equalTo("urn:mailgate:problem:store-unavailable"));
            }
        } finally {
            sql("ALTER TABLE quota_usage_away RENAME TO quota_usage");
        }
        assertEquals(0, server.accepted());
        assertEquals(io.smallrye.faulttolerance.api.CircuitBreakerState.CLOSED, breakers.currentState("smtp"));
        sql("DELETE FROM rate_slot");
    }

    @Test
    @Order(1)
    void slotsAnotherReplicaTookAreNotThisOnes() throws Exception {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        sql("INSERT INTO rate_slot (account, taken) SELECT 'default', now() FROM generate_series(1, 10)");
        String retry = Requests.sendMinimal().statusCode(429)
                .body("type", equalTo("urn:mailgate:problem:rate-limited")).extract().header("Retry-After");
        assertTrue(Long.parseLong(retry) >= 1 && Long.parseLong(retry) <= 60, retry);
        assertEquals(0, server.accepted());
        sql("DELETE FROM rate_slot");
    }

    @Test
    @Order(2)
    void quotaAnotherReplicaUsedIsNotThisOnes() throws Exception {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        LocalDate today = LocalDate.now(config.delivery().quotaZone());
        sql("INSERT INTO quota_usage (account, day, used) VALUES ('default', DATE '" + today + "', 5)");
        Requests.sendMinimal().statusCode(429).body("type", equalTo("urn:mailgate:problem:daily-quota"));
        assertEquals(0, server.accepted());

        sql("UPDATE quota_usage SET used = 4");
        Requests.sendMinimal().statusCode(200);
        assertEquals(1, server.accepted());
        assertEquals(5, limits.usedQuota("default", today), "this replica's send counted in the shared quota");
    }

    @Test
    @Order(3)
    void racingReplicasTakeExactlyTheQuota() throws Exception {
        LocalDate day = LocalDate.of(2030, 1, 1);
        List<Boolean> got = race(() -> limits.reserveQuota("race", day, 50));
        assertEquals(50, got.stream().filter(b -> b).count(), "reservations granted");
        assertEquals(50, limits.usedQuota("race", day));
        limits.releaseQuota("race", day);
        assertEquals(49, limits.usedQuota("race", day), "a release gives one back");
    }

    @Test
    @Order(4)
    void racingReplicasTakeExactlyTheSlotsOfTheWindow() throws Exception {
        List<Long> waits = race(() -> limits.takeSlot("race", 12, Duration.ofMinutes(1)));
        assertEquals(12, waits.stream().filter(w -> w == 0).count(), "slots granted");
        assertTrue(waits.stream().allMatch(w -> w >= 0 && w <= 60_000), "waits within the window: " + waits);
    }

    /** 8 threads, as 8 replicas, 25 tries each. */
    private static <T> List<T> race(Callable<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(pool.submit(attempt));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = Postgres.connect(PostgresResource.database()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
