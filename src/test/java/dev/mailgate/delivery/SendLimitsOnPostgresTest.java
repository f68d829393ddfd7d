package dev.mailgate.delivery;

import java.util.List;

import dev.mailgate.support.FaultRateLimitProfile;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SendLimitsTest} with the limits counted in PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(SendLimitsOnPostgresTest.Profile.class)
class SendLimitsOnPostgresTest extends SendLimitsTest {

    public static class Profile extends FaultRateLimitProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
