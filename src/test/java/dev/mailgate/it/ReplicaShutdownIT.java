package dev.mailgate.it;

import static dev.mailgate.it.Replicas.arrivals;
import static dev.mailgate.it.Replicas.awaitFinal;
import static dev.mailgate.it.Replicas.claimsOf;
import static dev.mailgate.it.Replicas.postAll;
import static dev.mailgate.it.Replicas.replicaProps;
import static dev.mailgate.it.Replicas.startPair;
import static dev.mailgate.it.Replicas.statuses;
import static dev.mailgate.it.Replicas.tails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Postgres;

/**
 * A replica that is stopped (SIGTERM, as in a rolling update) finishes the SMTP transactions it has started and puts
 * back every claim it had not started, at once: when it has exited, none of its claims is left for the lease to
 * expire, and the other replica sends the rest, each message once and none uncertain. The lease here is two minutes,
 * so waiting for it would show.
 */
class ReplicaShutdownIT {

    @Test
    void aStoppedReplicaHandsItsUnstartedClaimsToTheOtherAtOnce() throws Exception {
        Postgres.require();
        final int messages = 100;
        String db = Postgres.createDatabase();
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // So slow that A, given 8 s to stop, could not send every claim it holds (4 connections, up to 16
            // claims): its claims are gone at exit only if it put back those it had not started.
            for (int i = 0; i < messages; i++) {
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(4_000), 250, "2.0.0 Ok: queued"));
            }
            List<ProdJar> pair = startPair(replicaProps(smtp, db, List.of("-Dmailgate.outbox.lease=120s",
                    "-Dquarkus.shutdown.timeout=8s")));
            try (ProdJar a = pair.get(0); ProdJar b = pair.get(1)) {
                try {
                    Map<String, String> accepted = postAll(messages, a, b, "rolling");
                    assertEquals(messages, accepted.size(), "every request got its 202");
                    long pidA = a.process.pid();
                    long until = System.currentTimeMillis() + 60_000;
                    while (claimsOf(db, pidA)[0] <= Replicas.POOL && System.currentTimeMillis() < until) {
                        Thread.sleep(20);
                    }
                    int held = claimsOf(db, pidA)[0];
                    a.process.destroy(); // SIGTERM
                    assertTrue(a.process.waitFor(60, TimeUnit.SECONDS), "replica A did not stop");
                    int left = claimsOf(db, pidA)[0];
                    System.out.printf("replica A held %d claim(s) at SIGTERM, %d after it exited, at %d sent%n", held,
                            left, smtp.accepted());
                    assertTrue(held > Replicas.POOL, "replica A held more claims than connections when it was"
                            + " stopped (else the release is untested): " + held);
                    assertEquals(0, left, "replica A left claims behind for the lease to expire");
                    assertFalse(a.output().contains("still in flight at shutdown"), a.output());
                    smtp.clearScript();

                    Map<String, String> status = statuses(awaitFinal(b, accepted.keySet()), accepted.keySet());
                    Map<String, Long> arrivals = arrivals(smtp);
                    List<String> problems = new ArrayList<>();
                    accepted.forEach((id, messageId) -> {
                        if (!"sent".equals(status.get(id)) || arrivals.getOrDefault(messageId, 0L) != 1) {
                            problems.add(id + " ended " + status.get(id) + ", arrived "
                                    + arrivals.getOrDefault(messageId, 0L) + " time(s)");
                        }
                    });
                    assertEquals(List.of(), problems, "every message sent once, none uncertain");
                } catch (Throwable t) {
                    tails(a, b);
                    throw t;
                }
            }
        } finally {
            Postgres.dropDatabase(db);
        }
    }
}
