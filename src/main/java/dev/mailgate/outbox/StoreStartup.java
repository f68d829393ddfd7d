package dev.mailgate.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;

import dev.mailgate.config.InvalidConfigurationException;
import dev.mailgate.config.MailgateConfig;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Opens the store and brings its schema up to date before anything uses it. A store that cannot be used stops
 * start-up with one message that says what to do, instead of a page of driver stack traces: above all, a second
 * process on the same embedded store, which H2's file lock refuses.
 */
@ApplicationScoped
public class StoreStartup {

    /** After the configuration check (default priority), before the worker. */
    static final int PRIORITY = jakarta.interceptor.Interceptor.Priority.APPLICATION + 600;
    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    private final Flyway flyway;
    private final MailgateConfig config;

    public StoreStartup(@FlywayDataSource("embedded") Flyway flyway, MailgateConfig config) {
        this.flyway = flyway;
        this.config = config;
    }

    void open(@Observes @Priority(PRIORITY) StartupEvent event) {
        Path dir = Path.of(config.store().path()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            int applied = flyway.migrate().migrationsExecuted;
            LOG.infof("Store: embedded (H2) at %s%s", dir, applied > 0 ? ", " + applied + " migration(s) applied" : "");
        } catch (Exception e) {
            throw new InvalidConfigurationException(List.of(explain(dir, e)));
        }
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
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
        return "the embedded store at " + dir + " cannot be used (" + reason + "). Set mailgate.store.path"
                + " (MAILGATE_STORE_PATH) to a directory mailgate can write, on a persistent volume.";
    }
}
