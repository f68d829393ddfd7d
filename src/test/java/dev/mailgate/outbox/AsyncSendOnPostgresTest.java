package dev.mailgate.outbox;

import dev.mailgate.support.GreenMailOnPostgresProfile;
import dev.mailgate.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AsyncSendTest} with the store on PostgreSQL. */
@OnPostgres
@QuarkusTest
@TestProfile(GreenMailOnPostgresProfile.class)
class AsyncSendOnPostgresTest extends AsyncSendTest {
}
