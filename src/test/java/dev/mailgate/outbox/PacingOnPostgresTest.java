package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PacingTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(PacingOnPostgresTest.Profile.class)
class PacingOnPostgresTest extends PacingTest {

    public static class Profile extends dev.mailgate.support.FaultPacedProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
