package dev.mailgate.delivery;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import dev.mailgate.support.TwoAccountsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link FailoverTest} with the store on PostgreSQL: the outbox's failover and its attempt log there. */
@OnPostgres
@QuarkusTest
@TestProfile(FailoverOnPostgresTest.Profile.class)
class FailoverOnPostgresTest extends FailoverTest {

    public static class Profile extends TwoAccountsProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
