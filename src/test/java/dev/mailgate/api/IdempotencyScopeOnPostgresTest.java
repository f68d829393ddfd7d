package dev.mailgate.api;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IdempotencyScopeTest} with the store on PostgreSQL, where an expired key's row is replaced in SQL. */
@OnPostgres
@QuarkusTest
@TestProfile(IdempotencyScopeOnPostgresTest.Profile.class)
class IdempotencyScopeOnPostgresTest extends IdempotencyScopeTest {

    public static class Profile extends IdempotencyScopeTest.Profile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
