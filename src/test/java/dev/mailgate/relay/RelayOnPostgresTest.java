package dev.mailgate.relay;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import dev.mailgate.support.RelayProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RelayTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(RelayOnPostgresTest.Profile.class)
class RelayOnPostgresTest extends RelayTest {

    public static class Profile extends RelayProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
