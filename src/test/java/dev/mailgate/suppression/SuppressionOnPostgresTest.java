package dev.mailgate.suppression;

import dev.mailgate.support.GreenMailOnPostgresProfile;
import dev.mailgate.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SuppressionTest} with the store on PostgreSQL (the application AsyncSendOnPostgresTest uses). */
@OnPostgres
@QuarkusTest
@TestProfile(GreenMailOnPostgresProfile.class)
class SuppressionOnPostgresTest extends SuppressionTest {
}
