package dev.mailgate.api;

import java.util.List;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IdempotencyTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(IdempotencyOnPostgresTest.Profile.class)
class IdempotencyOnPostgresTest extends IdempotencyTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
