package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link LeaseTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(LeaseOnPostgresTest.Profile.class)
class LeaseOnPostgresTest extends LeaseTest {

    public static class Profile extends LeaseTest.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
