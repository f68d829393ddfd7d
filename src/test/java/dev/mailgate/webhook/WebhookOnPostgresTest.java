package dev.mailgate.webhook;

import java.util.List;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import dev.mailgate.support.WebhookProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link WebhookTest} with the store on PostgreSQL, where deliveries are claimed with SKIP LOCKED. */
@OnPostgres
@QuarkusTest
@TestProfile(WebhookOnPostgresTest.Profile.class)
class WebhookOnPostgresTest extends WebhookTest {

    public static class Profile extends WebhookProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
