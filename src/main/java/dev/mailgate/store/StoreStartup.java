package dev.mailgate.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

import dev.mailgate.config.InvalidConfigurationException;
import dev.mailgate.config.MailgateConfig;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Opens the store and brings its schema up to date before anything uses it. A store that cannot be used stops
 * start-up with one message that says what to do, instead of a page of driver stack traces: a second process on the
 * same embedded store (H2's file lock refuses it), or a PostgreSQL server that cannot be reached or refuses the
 * login. The message never contains the password.
 */
@ApplicationScoped
public class StoreStartup {

    /** After the configuration check (default priority), before the worker. */
    public static final int PRIORITY = jakarta.interceptor.Interceptor.Priority.APPLICATION + 600;
    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    private final Store store;
    private final InjectableInstance<Flyway> embedded;
    private final InjectableInstance<Flyway> postgresql;
    private final MailgateConfig config;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;

    public StoreStartup(Store store, @FlywayDataSource("embedded") InjectableInstance<Flyway> embedded,
            InjectableInstance<Flyway> postgresql, MailgateConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.store = store;
        this.embedded = embedded;
        this.postgresql = postgresql;
        this.config = config;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void open(@Observes @Priority(PRIORITY) StartupEvent event) {
        if (store.postgresql()) {
            openPostgresql();
            return;
        }
        Path dir = Path.of(config.store().path()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            int applied = embedded.get().migrate().migrationsExecuted;
            LOG.infof("Store: embedded (H2) at %s%s", dir, applied > 0 ? ", " + applied + " migration(s) applied" : "");
        } catch (Exception e) {
            throw new InvalidConfigurationException(List.of(explain(dir, e)));
        }
    }

    private void openPostgresql() {
        String where = where(url.orElse(""));
        try {
            int applied = postgresql.get().migrate().migrationsExecuted;
            LOG.infof("Store: PostgreSQL at %s%s", where, applied > 0 ? ", " + applied + " migration(s) applied" : "");
        } catch (Exception e) {
            throw new InvalidConfigurationException(List.of(explainPostgresql(where, username.orElse(""), e,
                    password.orElse(""))));
        }
    }

    /** The URL without its parameters, which may carry a password. */
    static String where(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    static String explainPostgresql(String where, String user, Throwable e, String password) {
        String reason = rootMessage(e);
        String sqlState = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
                sqlState = s.getSQLState();
            }
        }
        String hint;
        if ("28P01".equals(sqlState) || "28000".equals(sqlState)) {
            hint = "PostgreSQL refused the login: check quarkus.datasource.username and quarkus.datasource.password"
                    + " (QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD)";
        } else if ("3D000".equals(sqlState)) {
            hint = "the database does not exist: create it, or fix quarkus.datasource.jdbc.url";
        } else if (sqlState != null && sqlState.startsWith("08")) {
            hint = "PostgreSQL cannot be reached: check that it runs and that quarkus.datasource.jdbc.url"
                    + " (QUARKUS_DATASOURCE_JDBC_URL) names its host, port and database";
        } else {
            hint = "check quarkus.datasource.jdbc.url, .username and .password (QUARKUS_DATASOURCE_JDBC_URL,"
                    + " _USERNAME, _PASSWORD)";
        }
        String text = "the PostgreSQL store at " + where + (user.isBlank() ? "" : " (user " + user + ")")
                + " cannot be used: " + hint + ". The driver said: " + reason;
        return password.isEmpty() ? text : text.replace(password, "****");
    }

    static String explain(Path dir, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("Database may be already in use") || m.contains("90020")) {
                return "the embedded store at " + dir + " is in use by another mailgate process (it holds the lock on"
                        + " mailgate.mv.db). Run one mailgate per store directory: stop the other one, or give this"
                        + " one its own directory with mailgate.store.path (MAILGATE_STORE_PATH).";
            }
        }
        return "the embedded store at " + dir + " cannot be used (" + rootMessage(e) + "). Set mailgate.store.path"
                + " (MAILGATE_STORE_PATH) to a directory mailgate can write, on a persistent volume.";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getMessage().lines().findFirst().orElse("");
    }
}
