package dev.mailgate.outbox;

import java.util.List;

import dev.mailgate.support.FaultOutboxProfile;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.TestProfile;

/** {@link OutboxDeliveryTest} with the store on PostgreSQL. */
@OnPostgres
@io.quarkus.test.junit.QuarkusTest
@TestProfile(OutboxDeliveryOnPostgresTest.Profile.class)
class OutboxDeliveryOnPostgresTest extends OutboxDeliveryTest {

    public static class Profile extends FaultOutboxProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
