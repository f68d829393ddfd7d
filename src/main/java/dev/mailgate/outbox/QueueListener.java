package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.mailgate.config.MailgateConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreStartup;

/**
 * On PostgreSQL, wakes this replica's worker when any replica queues a message: LISTEN on a dedicated connection of
 * its own (outside the pool, so a dropped listener never hands a broken connection to a write). A notification is
 * only a hint; the worker's polling finds every due message without it, so a lost one (a dropped connection, a
 * notification sent while reconnecting) costs at most the poll interval.
 */
@ApplicationScoped
public class QueueListener {

    static final String CHANNEL = "mailgate_queued";
    /** So that operators (and a test) can find the listener in pg_stat_activity. */
    static final String APPLICATION_NAME = "mailgate-listener";
    private static final Logger LOG = Logger.getLogger(QueueListener.class);

    private final Store store;
    private final OutboxWorker worker;
    private final boolean enabled;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public QueueListener(Store store, OutboxWorker worker, MailgateConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.store = store;
        this.worker = worker;
        this.enabled = config.outbox().workerEnabled() && config.store().listen();
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Sends the hint, in the caller's transaction: PostgreSQL delivers it at commit, and once per transaction. */
    static void notifyQueued(Store store, Connection c) throws SQLException {
        if (store.postgresql()) {
            try (Statement s = c.createStatement()) {
                s.execute("NOTIFY " + CHANNEL);
            }
        }
    }

    void start(@Observes @Priority(StoreStartup.PRIORITY + 200) StartupEvent event) {
        if (!store.postgresql() || !enabled) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("mailgate-queue-listener").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        close();
    }

    private void loop() {
        boolean warned = false;
        while (running) {
            try (Connection c = open()) {
                connection = c;
                if (warned) {
                    LOG.info("queue listener: listening again");
                    warned = false;
                }
                // Anything queued while the listener was away is found by this look.
                worker.wake();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] n = pg.getNotifications(5_000);
                    if (n != null && n.length > 0) {
                        worker.wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    LOG.warnf("queue listener: %s; the worker polls meanwhile, and the listener reconnects",
                            e.getMessage());
                    warned = true;
                }
                sleep(1_000);
            } finally {
                connection = null;
            }
        }
    }

    private Connection open() throws SQLException {
        Properties p = new Properties();
        username.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("connectTimeout", "10");
        // Dead peers are noticed by the keepalive, not only at the next notification that never comes.
        p.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(url.orElseThrow(), p);
        if (c == null) {
            throw new SQLException("the URL is not a PostgreSQL one");
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        return c;
    }

    private void close() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debugf("queue listener: %s", e.getMessage());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
