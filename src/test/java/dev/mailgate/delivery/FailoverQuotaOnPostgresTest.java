package dev.mailgate.delivery;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link FailoverQuotaTest} with the store, and so the quota, on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(FailoverQuotaOnPostgresTest.Profile.class)
class FailoverQuotaOnPostgresTest extends FailoverQuotaTest {

    public static class Profile extends FailoverQuotaTest.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
