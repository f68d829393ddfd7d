package dev.mailgate.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The PostgreSQL claim under contention: four claimers, each on its own connection as separate replicas are, drain a
 * thousand messages and none is claimed twice. And the fence: a holder whose lease was taken back and given to
 * another can neither mark its handoff nor record a result.
 */
@OnPostgres
@QuarkusTest
@TestProfile(ClaimContentionTest.Profile.class)
class ClaimContentionTest {

    public static class Profile implements QuarkusTestProfile {
        /** No worker of the application's own: the test is the only claimer. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailgate.outbox.worker-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(List.of());
        }
    }

    @Inject
    QueueStore queue;

    @Test
    void fourClaimersAndAThousandMessagesNeverClaimOneTwice() throws Exception {
        List<String> ids = insert("contention", 1_000);
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> doubles = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> claimers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "replica-" + w;
            claimers.add(pool.submit(() -> {
                int mine = 0;
                try (Connection c = OtherReplica.connect()) {
                    c.setAutoCommit(false);
                    while (true) {
                        Instant now = Instant.now();
                        List<QueueStore.Claimed> got = Claims.skipLocked(c, 7, owner, now.plusSeconds(60), now);
                        // Hold the locks a moment, so that the others must skip them rather than find them done.
                        Thread.sleep(2);
                        c.commit();
                        if (got.isEmpty()) {
                            return mine;
                        }
                        for (QueueStore.Claimed m : got) {
                            if (claimedBy.putIfAbsent(m.id(), owner) != null) {
                                doubles.add(m.id());
                            }
                        }
                        mine += got.size();
                    }
                }
            }));
        }
        List<Integer> counts = new ArrayList<>();
        for (Future<Integer> f : claimers) {
            counts.add(f.get());
        }
        pool.shutdown();
        assertEquals(List.of(), doubles, "claimed twice");
        assertEquals(new HashSet<>(ids), claimedBy.keySet(), "every message claimed");
        assertEquals(1_000, counts.stream().mapToInt(Integer::intValue).sum(), "claims per claimer: " + counts);
        // The store agrees: each row is leased to the claimer that got it, with its first token.
        try (Connection c = OtherReplica.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, lease_owner, lease_token, status FROM message WHERE id LIKE 'contention%'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertEquals(claimedBy.get(rs.getString(1)), rs.getString(2));
                    assertEquals(1, rs.getLong(3));
                    assertEquals("sending", rs.getString(4));
                }
            }
        }
        System.out.println("claims per claimer: " + counts);
    }

    @Test
    void aStaleLeaseHolderCanNeitherHandOverNorFinish() throws Exception {
        String id = insert("fence", 1).getFirst();
        QueueStore.Claimed stale = claimOne("replica-a");
        assertEquals(id, stale.id());
        // replica-a stalls past its lease (a long GC pause, a network partition); replica-b recovers the claim.
        try (Connection c = OtherReplica.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE message SET lease_until = now() - interval '1 second' WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        QueueStore.Recovery r = queue.recover("replica-b").toCompletableFuture().join();
        assertEquals(1, r.requeued(), "its handoff never began, so it is queued again");
        QueueStore.Claimed current = claimOne("replica-b");
        assertTrue(current.token() > stale.token());

        assertFalse(queue.handoff(id, stale.token()).toCompletableFuture().join(), "the stale holder may not send");
        QueueStore.Result sent = new QueueStore.Result(Status.SENT, null, null,
                new StoredMessage.Attempt(Instant.now(), "sent", 250, null, 5), 1);
        assertFalse(queue.finish(stale, sent).toCompletableFuture().join(), "nor record a result");
        assertEquals("sending/replica-b", row(id));

        assertTrue(queue.handoff(id, current.token()).toCompletableFuture().join());
        assertTrue(queue.finish(current, sent).toCompletableFuture().join());
        assertEquals("sent/null", row(id));
    }

    @Inject
    MessageStore messages;

    /**
     * The connection may fail at a commit PostgreSQL did make; the writer then runs the work again. The accept must
     * find its rows and succeed (its caller gets the 202 for a stored message), not fail on a duplicate key.
     */
    @Test
    void anAcceptRunAgainAfterItsCommitFindsItsRowsAndSucceeds() throws Exception {
        Instant now = Instant.now();
        MessageStore.NewMessage m = new MessageStore.NewMessage("again1", "<again1@mailgate.test>", null, "async",
                Status.QUEUED, "bot@mailgate.test", List.of("alice@example.com"), "again", 10, now, null,
                now.plusSeconds(3600), null);
        dev.mailgate.compose.MessageDraft draft = new dev.mailgate.compose.MessageDraft("bot@mailgate.test",
                List.of("alice@example.com"), null, null, null, "again", "x", null,
                List.of(new dev.mailgate.compose.Part("a.txt", "text/plain", null, "hello".getBytes(), null)), null,
                null);
        messages.accept(m, draft).toCompletableFuture().get();
        messages.accept(m, draft).toCompletableFuture().get();
        try (Connection c = OtherReplica.connect(); PreparedStatement ps = c.prepareStatement("SELECT"
                + " (SELECT COUNT(*) FROM message WHERE id = 'again1'), (SELECT COUNT(*) FROM message_part"
                + " WHERE message_id = 'again1')")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals(1, rs.getInt(2));
            }
        }
    }

    private QueueStore.Claimed claimOne(String owner) throws SQLException {
        try (Connection c = OtherReplica.connect()) {
            Instant now = Instant.now();
            List<QueueStore.Claimed> got = Claims.skipLocked(c, 1, owner, now.plusSeconds(60), now);
            assertEquals(1, got.size());
            return got.getFirst();
        }
    }

    private static String row(String id) throws SQLException {
        try (Connection c = OtherReplica.connect();
                PreparedStatement ps = c.prepareStatement("SELECT status, lease_owner FROM message WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + "/" + rs.getString(2);
            }
        }
    }

    /** Queued messages with the columns a claim needs (no content: nothing is sent here). */
    private static List<String> insert(String prefix, int n) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = OtherReplica.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO message"
                + " (id, message_id, mode, status, sender, recipients, size_bytes, created_at, updated_at,"
                + " next_attempt_at) VALUES (?, ?, 'async', 'queued', 'bot@mailgate.test', '[]', 1, now(), now(),"
                + " now() - interval '1 second')")) {
            for (int i = 0; i < n; i++) {
                String id = prefix + i;
                ids.add(id);
                ps.setString(1, id);
                ps.setString(2, "<" + id + "@mailgate.test>");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return ids;
    }
}
