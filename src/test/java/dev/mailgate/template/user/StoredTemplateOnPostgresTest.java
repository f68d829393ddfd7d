package dev.mailgate.template.user;

import dev.mailgate.support.GreenMailOnPostgresProfile;
import dev.mailgate.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StoredTemplateTest} with the store on PostgreSQL (ON CONFLICT, FOR UPDATE, TEXT bodies). */
@OnPostgres
@QuarkusTest
@TestProfile(GreenMailOnPostgresProfile.class)
class StoredTemplateOnPostgresTest extends StoredTemplateTest {
}
