package dev.mailgate.api;

import java.util.List;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BatchTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(BatchOnPostgresTest.Profile.class)
class BatchOnPostgresTest extends BatchTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }
}
