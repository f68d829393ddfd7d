package dev.mailgate.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Postgres;

/**
 * A PostgreSQL store that cannot be used stops the packaged jar at start-up with one message that says what to fix,
 * and never the password, wherever it was given (the password setting, or the URL).
 */
class PostgresStartupIT {

    static final String PASSWORD = "pg-secret-password-42";

    static List<String> base(String url, String user) {
        List<String> props = new ArrayList<>(List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=2525", "-Dquarkus.mailer.login=DISABLED", "-Dquarkus.mailer.from=bot@mailgate.test",
                "-Dmailgate.auth.enabled=false", "-Dmailgate.store.kind=postgresql",
                "-Dquarkus.datasource.password=" + PASSWORD));
        if (url != null) {
            props.add("-Dquarkus.datasource.jdbc.url=" + url);
        }
        if (user != null) {
            props.add("-Dquarkus.datasource.username=" + user);
        }
        return props;
    }

    static String refused(List<String> props) throws Exception {
        try (ProdJar app = ProdJar.start(Map.of(), props)) {
            assertTrue(app.process.waitFor(90, TimeUnit.SECONDS), "the gateway should refuse to start");
            String out = app.output();
            assertNotEquals(0, app.process.exitValue(), out);
            assertFalse(out.contains(PASSWORD), "the password must never be printed:\n" + out);
            assertFalse(out.contains("Listening on"), out);
            return out;
        }
    }

    @Test
    void anUnreachableServerIsNamedWithoutThePassword() throws Exception {
        // Port 1: nothing listens there. The password is also in the URL, as some operators write it.
        String out = refused(base("jdbc:postgresql://127.0.0.1:1/mailgate?password=" + PASSWORD, "mailgate"));
        assertTrue(out.contains("the PostgreSQL store at jdbc:postgresql://127.0.0.1:1/mailgate (user mailgate)"
                + " cannot be used: PostgreSQL cannot be reached"), out);
        assertTrue(out.contains("QUARKUS_DATASOURCE_JDBC_URL"), out);
    }

    @Test
    void aRefusedLoginIsNamedWithoutThePassword() throws Exception {
        Postgres.require();
        String out = refused(base(Postgres.url("postgres"), "no_such_role_for_mailgate"));
        assertTrue(out.contains("PostgreSQL refused the login: check quarkus.datasource.username and"
                + " quarkus.datasource.password"), out);
    }

    @Test
    void postgresqlWithoutAUrlIsAConfigurationProblem() throws Exception {
        String out = refused(base(null, "mailgate"));
        assertTrue(out.contains("mailgate.store.kind=postgresql needs the database's JDBC URL"), out);
    }
}
