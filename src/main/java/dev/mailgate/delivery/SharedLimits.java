package dev.mailgate.delivery;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Counters that every replica sharing a store sees: the daily quota and the provider rate limit. Implemented by the
 * store (PostgreSQL); on the embedded store there is one process, and the counters stay in memory. Blocking: call it
 * from a worker thread.
 */
public interface SharedLimits {

    /** Whether the counters are shared with other processes; if not, callers count in memory. */
    boolean shared();

    /** Takes one message of {@code account}'s quota for {@code day}; false if {@code limit} are taken already. */
    boolean reserveQuota(String account, LocalDate day, int limit) throws SQLException;

    /** Gives back a reservation whose message was certainly not delivered. */
    void releaseQuota(String account, LocalDate day) throws SQLException;

    /** How much of {@code day}'s quota is taken. */
    int usedQuota(String account, LocalDate day) throws SQLException;

    /**
     * Takes a send slot: at most {@code perWindow} in any {@code window}, counted across replicas. Returns 0 when one
     * was taken, otherwise how many milliseconds until one frees.
     */
    long takeSlot(String account, int perWindow, Duration window) throws SQLException;
}
