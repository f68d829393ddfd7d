package dev.mailgate.bounce;

import dev.mailgate.support.GreenMailOnPostgresProfile;
import dev.mailgate.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BounceTest} with the store on PostgreSQL, where the read progress row is locked with FOR UPDATE. */
@OnPostgres
@QuarkusTest
@TestProfile(GreenMailOnPostgresProfile.class)
class BounceOnPostgresTest extends BounceTest {
}
