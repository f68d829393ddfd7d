package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * The store's connections and the SQL that differs between engines. One embedded H2 file today; the datasource is
 * named for its kind so that a PostgreSQL one can be chosen beside it at run time.
 */
@ApplicationScoped
public class Store {

    private final AgroalDataSource dataSource;

    public Store(@io.quarkus.agroal.DataSource("embedded") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Forces committed data to the disk. H2 only writes commits to the operating system; this adds the fsync. */
    String syncStatement() {
        return "CHECKPOINT SYNC";
    }

    /** Whether a claim left by another process may be taken back at once: the embedded store is single-process. */
    boolean exclusive() {
        return true;
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
