package dev.mailgate.bounce;

import dev.mailgate.support.MockOnPostgresProfile;
import dev.mailgate.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BounceSimulatorTest} with the store on PostgreSQL . */
@OnPostgres
@QuarkusTest
@TestProfile(MockOnPostgresProfile.class)
class BounceSimulatorOnPostgresTest extends BounceSimulatorTest {
}
