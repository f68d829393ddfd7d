package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link KeyScopeTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(KeyScopeOnPostgresTest.Profile.class)
class KeyScopeOnPostgresTest extends KeyScopeTest {

    public static class Profile extends dev.mailgate.support.SecuredProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
