package dev.mailgate.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The in-memory copy takes the newer of two changes: a refresh that read the rows before a change on this replica
 * committed cannot undo it, so an address is never let through once its PUT has answered.
 */
class SuppressionCopyTest {

    static SuppressionCopy loaded() throws Exception {
        SuppressionCopy copy = new SuppressionCopy(null, null);
        var f = SuppressionCopy.class.getDeclaredField("loaded");
        f.setAccessible(true);
        f.set(copy, true);
        return copy;
    }

    static Suppression entry(String address, Instant at, Instant expires) {
        return new Suppression(Suppressions.key(address).orElseThrow(), address, Reason.MANUAL, null, null, null, at,
                at, expires, null);
    }

    @Test
    void aStaleRemovalDoesNotUndoANewerEntry() throws Exception {
        SuppressionCopy copy = loaded();
        Instant now = Instant.now();
        copy.put(entry("bob@example.com", now, null));
        copy.remove("bob@example.com", now.minusSeconds(5)); // a tombstone a refresh read before the PUT committed
        assertEquals(1, copy.check(List.of("Bob@Example.com")).size());
        copy.remove("bob@example.com", now.plusMillis(1));
        assertTrue(copy.check(List.of("bob@example.com")).isEmpty());
        copy.put(entry("bob@example.com", now.minusSeconds(1), null)); // an older entry, read late
        assertTrue(copy.check(List.of("bob@example.com")).isEmpty(), "the newer removal stands");
    }

    @Test
    void anExpiredEntryLetsTheAddressThrough() throws Exception {
        SuppressionCopy copy = loaded();
        copy.put(entry("old@example.com", Instant.now(), Instant.now().minusSeconds(1)));
        assertTrue(copy.check(List.of("old@example.com")).isEmpty());
    }

    @Test
    void eachAddressIsReportedOnceAsTheRequestSpelledIt() throws Exception {
        SuppressionCopy copy = loaded();
        copy.put(entry("bob@example.com", Instant.now(), null));
        var hits = copy.check(List.of("BOB@example.com", "bob@EXAMPLE.com", "alice@example.com"));
        assertEquals(1, hits.size());
        assertEquals("BOB@example.com", hits.getFirst().address());
    }
}
