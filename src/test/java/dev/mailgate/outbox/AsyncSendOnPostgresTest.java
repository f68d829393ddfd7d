package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AsyncSendTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(AsyncSendOnPostgresTest.Profile.class)
class AsyncSendOnPostgresTest extends AsyncSendTest {

    public static class Profile extends dev.mailgate.support.GreenMailProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
