package dev.mailgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;

/**
 * The PostgreSQL server the tests use: 127.0.0.1:5432 with trust authentication (override with
 * MAILGATE_TEST_POSTGRES=host:port). Every test application gets a database of its own, dropped afterwards.
 */
public final class Postgres {

    public static final String HOST = System.getenv().getOrDefault("MAILGATE_TEST_POSTGRES", "127.0.0.1:5432");
    public static final String USER = "postgres";
    static final String HOW = "Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,"
            + " or " + Prerequisite.debianPackage("postgresql").replace("Install", "install")
            + " (mailgate's tests expect trust authentication on 127.0.0.1:5432; .ci/run sets this up).";

    private Postgres() {
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url(database), p);
    }

    public static boolean available() {
        try (Connection c = connect("postgres")) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Skips the test with a loud notice when no server answers (fails instead under MAILGATE_TEST_STRICT). */
    public static void require() {
        Prerequisite.require("A PostgreSQL server at " + HOST, available(), HOW);
    }

    public static String createDatabase() throws SQLException {
        String name = "mailgate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    public static void dropDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop the test database " + name + ": " + e.getMessage());
        }
    }

    /** The settings that put mailgate on {@code database}. */
    public static Map<String, String> settings(String database) {
        Map<String, String> m = new HashMap<>();
        m.put("mailgate.store.kind", "postgresql");
        m.put("quarkus.datasource.jdbc.url", url(database));
        m.put("quarkus.datasource.username", USER);
        return m;
    }

    /** A profile's test resources with a database of its own added. */
    public static List<TestResourceEntry> withDatabase(List<TestResourceEntry> resources) {
        List<TestResourceEntry> all = new ArrayList<>(resources);
        all.add(new TestResourceEntry(PostgresResource.class));
        return all;
    }
}
