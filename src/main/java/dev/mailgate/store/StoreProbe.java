package dev.mailgate.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/** The cheapest proof that the store answers, for readiness: a connection the driver validates with a round trip. */
@ApplicationScoped
public class StoreProbe {

    private static final int TIMEOUT_SECONDS = 2;

    private final Store store;

    public StoreProbe(Store store) {
        this.store = store;
    }

    /** Blocking: call it from a worker thread. Throws when the store cannot be used. */
    public void check() throws SQLException {
        try (Connection c = store.connection()) {
            if (!c.isValid(TIMEOUT_SECONDS)) {
                throw new SQLException("the store did not answer within " + TIMEOUT_SECONDS + " s");
            }
        }
    }
}
