package dev.mailgate.outbox;

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
}
