package dev.mailgate.api;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DevOutboxTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(DevOutboxOnPostgresTest.Profile.class)
class DevOutboxOnPostgresTest extends DevOutboxTest {

    public static class Profile implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(List.of());
        }
    }
}
