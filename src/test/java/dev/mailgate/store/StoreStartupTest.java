package dev.mailgate.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** A store that cannot be used is one clear sentence: what is wrong and what to do. */
class StoreStartupTest {

    @Test
    void aLockedStoreSaysAnotherProcessHasIt() {
        Exception locked = new RuntimeException("migration failed", new SQLException(
                "Database may be already in use: \"/data/mailgate.mv.db\". Possible solutions: close all other"
                        + " connection(s); use the server mode [90020-240]"));
        String message = StoreStartup.explain(Path.of("/data"), locked);
        assertTrue(message.contains("in use by another mailgate process"), message);
        assertTrue(message.contains("mailgate.store.path"), message);
    }

    @Test
    void anythingElseNamesTheCauseAndTheSetting() {
        String message = StoreStartup.explain(Path.of("/readonly"), new RuntimeException("x",
                new java.nio.file.AccessDeniedException("/readonly/mailgate.mv.db")));
        assertTrue(message.contains("/readonly/mailgate.mv.db"), message);
        assertTrue(message.contains("MAILGATE_STORE_PATH"), message);
    }

    @Test
    void postgresqlFailuresSayWhichAndNeverThePassword() {
        String refused = StoreStartup.explainPostgresql("jdbc:postgresql://db:5432/mailgate", "mailgate",
                new RuntimeException("x", new SQLException("FATAL: password authentication failed for user"
                        + " \"mailgate\" (tried s3cret)", "28P01")), "s3cret");
        assertTrue(refused.contains("PostgreSQL refused the login"), refused);
        assertTrue(refused.contains("QUARKUS_DATASOURCE_PASSWORD"), refused);
        assertTrue(!refused.contains("s3cret") && refused.contains("****"), refused);

        String down = StoreStartup.explainPostgresql("jdbc:postgresql://db:5432/mailgate", "", new SQLException(
                "Connection to db:5432 refused.", "08001"), "");
        assertTrue(down.contains("PostgreSQL cannot be reached"), down);
        assertTrue(down.contains("QUARKUS_DATASOURCE_JDBC_URL"), down);

        String missing = StoreStartup.explainPostgresql("jdbc:postgresql://db:5432/nope", "u", new SQLException(
                "FATAL: database \"nope\" does not exist", "3D000"), "");
        assertTrue(missing.contains("the database does not exist"), missing);
        assertTrue(StoreStartup.where("jdbc:postgresql://db/m?user=a&password=b").equals("jdbc:postgresql://db/m"));
    }
}
