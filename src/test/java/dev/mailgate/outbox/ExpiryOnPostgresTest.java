package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ExpiryTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(ExpiryOnPostgresTest.Profile.class)
class ExpiryOnPostgresTest extends ExpiryTest {

    public static class Profile extends ExpiryTest.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
