package dev.mailgate.api;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.MockOnPostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DevOutboxTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(MockOnPostgresProfile.class)
class DevOutboxOnPostgresTest extends DevOutboxTest {
}
