package dev.mailgate.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A fresh database for one test application, dropped when it stops. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String database;
    private String mine;

    /** The database of the running test application. */
    public static String database() {
        return database;
    }

    @Override
    public Map<String, String> start() {
        if (!Postgres.available()) {
            // Only reached under MAILGATE_TEST_STRICT (OnPostgres skips otherwise): fail, saying why.
            throw new IllegalStateException("A PostgreSQL server at " + Postgres.HOST + " is not available. " + Postgres.HOW);
        }
        try {
            mine = Postgres.createDatabase();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create a test database: " + e.getMessage(), e);
        }
        database = mine;
        return Postgres.settings(mine);
    }

    @Override
    public void stop() {
        if (mine != null) {
            Postgres.dropDatabase(mine);
        }
    }
}
