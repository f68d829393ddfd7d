package dev.mailgate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The store's connections and the SQL that differs between engines. Both datasources are built in: the embedded H2
 * file (named "embedded") and PostgreSQL (the default datasource, so that the standard quarkus.datasource.* settings
 * configure it). {@code mailgate.store.kind} activates one of them at run time; the other is never opened.
 */
@ApplicationScoped
public class Store {

    /** The engines mailgate stores messages in. */
    public enum Kind {
        EMBEDDED, POSTGRESQL;

        public static Optional<Kind> of(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private final Kind kind;
    private final AgroalDataSource dataSource;

    public Store(MailgateConfig config,
            @io.quarkus.agroal.DataSource("embedded") InjectableInstance<AgroalDataSource> embedded,
            InjectableInstance<AgroalDataSource> postgresql) {
        this.kind = Kind.of(config.store().kind()).orElse(Kind.EMBEDDED);
        this.dataSource = kind == Kind.POSTGRESQL ? postgresql.get() : embedded.get();
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public Kind kind() {
        return kind;
    }

    public boolean postgresql() {
        return kind == Kind.POSTGRESQL;
    }

    /**
     * What forces committed data to the disk, if the engine does not at each commit. H2 only writes commits to the
     * operating system, so mailgate adds the fsync; PostgreSQL's commit is durable by itself (synchronous_commit).
     */
    public Optional<String> syncStatement() {
        return postgresql() ? Optional.empty() : Optional.of("CHECKPOINT SYNC");
    }

    /**
     * Whether a claim left by another process may be taken back at once. The embedded store is single-process (H2's
     * file lock), so any claim not this process's own is a dead one's; replicas on PostgreSQL wait for the lease.
     */
    public boolean exclusive() {
        return !postgresql();
    }

    /**
     * An index hint for the embedded store: H2 picks the creation index for the due-time queries unless told (and
     * then sorts every due row); PostgreSQL's planner needs no hint, and has no such syntax.
     */
    public String useIndex(String index) {
        return postgresql() ? "" : " USE INDEX (" + index + ")";
    }

    /**
     * How a lease's end is written. On PostgreSQL by the database's clock, so that replicas whose clocks differ
     * still agree on when a lease runs out (one parameter: the seconds it lasts); on the embedded store, one
     * process, by its own clock (one parameter: the instant). See {@link #bindLeaseUntil}.
     */
    public String leaseUntil() {
        return postgresql() ? "clock_timestamp() + make_interval(secs => ?)" : "?";
    }

    public void bindLeaseUntil(java.sql.PreparedStatement ps, int i, Instant until) throws SQLException {
        if (postgresql()) {
            ps.setDouble(i, Math.max(0, java.time.Duration.between(Instant.now(), until).toMillis() / 1000.0));
        } else {
            ps.setObject(i, Rows.ts(until));
        }
    }

    /** The time a lease is compared with: the database's on PostgreSQL (no parameter), else a parameter. */
    public String leaseNow() {
        return postgresql() ? "clock_timestamp()" : "?";
    }

    /**
     * Appended to the inserts of new messages, their parts and records. If the connection fails at a commit that
     * PostgreSQL did make, the writer runs the work again: the insert must then find its row and succeed (a 202 for a
     * stored message), not fail with a duplicate key (a 500 for a message that will be sent, which a client would
     * send again). The embedded store runs in this process and knows its commits.
     */
    public String ignoreDuplicate() {
        return postgresql() ? " ON CONFLICT DO NOTHING" : "";
    }
}
