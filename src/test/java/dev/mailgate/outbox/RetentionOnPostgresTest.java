package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RetentionTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(RetentionOnPostgresTest.Profile.class)
class RetentionOnPostgresTest extends RetentionTest {

    public static class Profile implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(List.of());
        }
    }
}
