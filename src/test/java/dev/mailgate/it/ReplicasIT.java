package dev.mailgate.it;

import static dev.mailgate.it.Replicas.arrivals;
import static dev.mailgate.it.Replicas.awaitFinal;
import static dev.mailgate.it.Replicas.awaitSettled;
import static dev.mailgate.it.Replicas.claimsOf;
import static dev.mailgate.it.Replicas.deferrals;
import static dev.mailgate.it.Replicas.errorMessage;
import static dev.mailgate.it.Replicas.list;
import static dev.mailgate.it.Replicas.metric;
import static dev.mailgate.it.Replicas.postAll;
import static dev.mailgate.it.Replicas.replicaProps;
import static dev.mailgate.it.Replicas.sentBy;
import static dev.mailgate.it.Replicas.startPair;
import static dev.mailgate.it.Replicas.statuses;
import static dev.mailgate.it.Replicas.suspicious;
import static dev.mailgate.it.Replicas.tails;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.ImapMailbox;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Postgres;
import dev.mailgate.support.WebhookReceiver;

/**
 * Several replicas of the packaged jar on one PostgreSQL database: one shared queue (each message sent once, by
 * whichever replica claimed it), recovery of a kill -9'd replica's claims by the survivor under the three-way rule,
 * a daily quota that holds for all replicas together, and bounces read from one mailbox applied once. The SMTP server's own count of what it accepted is the
 * judge, as in {@link OutboxCrashIT}.
 */
class ReplicasIT {

    @Test
    void twoReplicasShareOneQueueAndSendEachMessageOnce() throws Exception {
        Postgres.require();
        final int messages = 300;
        String db = Postgres.createDatabase();
        GreenMail imap = BounceIT.mailbox();
        try (FaultSmtpServer smtp = new FaultSmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            for (int i = 0; i < messages; i++) {
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(100), 250, "2.0.0 Ok: queued"));
            }
            List<String> extra = new ArrayList<>(List.of("-Dmailgate.webhooks.ops.url="
                    + hooks.url("/hook"), "-Dmailgate.webhooks.ops.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "-Dmailgate.webhooks.allow-private-networks=true"));
            extra.addAll(BounceIT.bounceProps(imap)); // both read the one mailbox: the lease picks one
            List<ProdJar> pair = startPair(replicaProps(smtp, db, extra));
            try (ProdJar a = pair.get(0); ProdJar b = pair.get(1)) {
                try {
                    Map<String, String> accepted = postAll(messages, a, b, "share");
                    assertEquals(messages, accepted.size(), "every request got its 202");

                    Map<String, Map<String, Object>> onA = awaitFinal(a, accepted.keySet());
                    Map<String, Map<String, Object>> onB = list(b);
                    Map<String, String> statusA = statuses(onA, accepted.keySet());
                    Map<String, String> statusB = statuses(onB, accepted.keySet());
                    assertEquals(statusA, statusB, "both replicas list every message with the same status");

                    Map<String, Long> arrivals = arrivals(smtp);
                    List<String> problems = new ArrayList<>();
                    accepted.forEach((id, messageId) -> {
                        String s = statusA.get(id);
                        long got = arrivals.getOrDefault(messageId, 0L);
                        if (!"sent".equals(s)) {
                            problems.add(id + " ended " + s + " (arrived " + got + " times)");
                        } else if (got != 1) {
                            problems.add(id + " is sent but arrived " + got + " times");
                        }
                    });
                    arrivals.forEach((id, n) -> {
                        if (n > 1) {
                            problems.add(id + " arrived " + n + " times");
                        }
                    });
                    assertEquals(List.of(), problems);
                    assertEquals(messages, smtp.accepted(), "the SMTP server accepted each message once");

                    long sentA = sentBy(a);
                    long sentB = sentBy(b);
                    System.out.printf("replicas share one queue: replica A sent %d, replica B sent %d (of %d, posted"
                            + " half to each)%n", sentA, sentB, messages);
                    assertTrue(sentA > 0 && sentB > 0, "both replicas did real work: A " + sentA + ", B " + sentB);
                    assertEquals(messages, sentA + sentB, "each sent message was counted by exactly one replica");

                    // Both replicas deliver webhooks from the one store: each event (queued, sent) once.
                    long until = System.currentTimeMillis() + 60_000;
                    while (hooks.received("/hook").size() < 2 * messages && System.currentTimeMillis() < until) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(1_000); // time for a duplicate, if there were one
                    Map<String, Long> perEvent = hooks.received("/hook").stream().collect(Collectors.groupingBy(
                            r -> r.header("webhook-id"), Collectors.counting()));
                    assertEquals(2 * messages, perEvent.size(), "an event for each message's queued and sent");
                    assertEquals(List.of(), perEvent.entrySet().stream().filter(e -> e.getValue() != 1)
                            .map(Map.Entry::toString).toList(), "each event delivered once");

                    // One suppression list: a PUT on A is enforced on B within seconds, a DELETE on B on A.
                    String dead = "gone@example.com";
                    String body = "{\"to\":[\"" + dead + "\"],\"text\":\"x\"}";
                    given().port(a.httpPort).put("/api/v1/suppressions/" + dead).then().statusCode(201);
                    given().port(a.httpPort).contentType("application/json").body(body).post("/api/v1/messages")
                            .then().statusCode(422);
                    long put = System.currentTimeMillis();
                    while (given().port(b.httpPort).contentType("application/json").header("Prefer", "respond-async")
                            .body(body).post("/api/v1/messages").then().extract().statusCode() != 422) {
                        assertTrue(System.currentTimeMillis() - put < 5_000, "replica B still sends to it after 5 s");
                        Thread.sleep(100);
                    }
                    System.out.printf("a suppression made on A was enforced on B after %d ms%n",
                            System.currentTimeMillis() - put);
                    given().port(b.httpPort).delete("/api/v1/suppressions/" + dead).then().statusCode(204);
                    long removed = System.currentTimeMillis();
                    while (given().port(a.httpPort).contentType("application/json").body(body)
                            .post("/api/v1/messages").then().extract().statusCode() == 422) {
                        assertTrue(System.currentTimeMillis() - removed < 5_000, "replica A still refuses it after 5 s");
                        Thread.sleep(100);
                    }

                    // One set of stored templates: created on A, it renders on B within a second or two; replaced
                    // on B, A serves the new version; removed on A, B stops serving it.
                    String template = "{\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"string\"}}},"
                            + "\"subject\":\"s\",\"text\":\"VERSION {data.n}\"}";
                    given().port(a.httpPort).contentType("application/json").body(template.replace("VERSION", "one"))
                            .put("/api/v1/templates/shared").then().statusCode(201);
                    awaitPreview(b, "one x", 5_000);
                    given().port(b.httpPort).contentType("application/json").body(template.replace("VERSION", "two"))
                            .put("/api/v1/templates/shared").then().statusCode(200).body("version", equalTo(2));
                    awaitPreview(a, "two x", 5_000);
                    given().port(a.httpPort).delete("/api/v1/templates/shared").then().statusCode(204);
                    awaitPreview(b, null, 5_000);

                    // Bounces: both replicas read the one mailbox; each bounce is applied, and counted, once.
                    Map<String, String[]> bouncing = new LinkedHashMap<>();
                    accepted.entrySet().stream().limit(40).forEach(e -> bouncing.put(e.getKey(),
                            new String[] { e.getValue(), "alice@example.com" }));
                    try (ImapMailbox box = new ImapMailbox(imap.getImaps().getPort(), BounceIT.LOGIN,
                            BounceIT.PASSWORD)) {
                        for (String[] m : bouncing.values()) {
                            box.append("INBOX", BounceIT.bounce(m[0], m[1]));
                        }
                    }
                    BounceIT.awaitAll(b, bouncing, 90_000);
                    Thread.sleep(3_000); // a poll of the other replica, if it were to read too
                    assertEquals(List.of(), BounceIT.notOnce(a, bouncing), "each bounce applied once");
                    assertEquals(bouncing.size(), metric(a, "mailgate_bounces_total", "type=\"hard\"")
                            + metric(b, "mailgate_bounces_total", "type=\"hard\""), 0.0,
                            "counted once, by whichever replica held the lease");
                } catch (Throwable t) {
                    tails(a, b);
                    throw t;
                } finally {
                    suspicious("A", a);
                    suspicious("B", b);
                }
            }
        } finally {
            imap.stop();
            Postgres.dropDatabase(db);
        }
    }

    /** Waits until the replica renders template "shared" as {@code text} (null: until it no longer knows it). */
    static void awaitPreview(ProdJar app, String text, long timeoutMillis) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (true) {
            var r = given().port(app.httpPort).contentType("application/json").body("{\"data\":{\"n\":\"x\"}}")
                    .post("/api/v1/templates/shared/preview").then().extract();
            if (text == null ? r.statusCode() == 400 : r.statusCode() == 200 && text.equals(r.path("text"))) {
                System.out.printf("a template change reached the other replica after %d ms%n",
                        System.currentTimeMillis() - start);
                return;
            }
            assertTrue(System.currentTimeMillis() - start < timeoutMillis, "the other replica still renders "
                    + r.asString() + " after " + timeoutMillis + " ms, not " + text);
            Thread.sleep(100);
        }
    }

    @Test
    void killDashNineOfOneReplicaMidDrainTheOtherFinishes() throws Exception {
        Postgres.require();
        final int messages = 300;
        String db = Postgres.createDatabase();
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // Slow enough that transactions are in flight at any moment (some in the envelope, most at the dot), and
            // that the drain (8 connections, ~0.6 s each) cannot finish while the 300 POSTs still arrive on 2 cores.
            for (int i = 0; i < messages; i++) {
                smtp.on(Step.MAIL, Action.slowReply(Duration.ofMillis(100), 250, "2.1.0 Ok"));
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(500), 250, "2.0.0 Ok: queued"));
            }
            List<ProdJar> pair = startPair(replicaProps(smtp, db, List.of()));
            try (ProdJar a = pair.get(0); ProdJar b = pair.get(1)) {
                try {
                    long posting = System.nanoTime();
                    Map<String, String> accepted = postAll(messages, a, b, "crash");
                    assertEquals(messages, accepted.size(), "every request got its 202");
                    System.out.printf("the %d POSTs took %d ms; the SMTP server had accepted %d by then%n", messages,
                            (System.nanoTime() - posting) / 1_000_000, smtp.accepted());
                    long until = System.currentTimeMillis() + 60_000;
                    while (smtp.accepted() < 40 && System.currentTimeMillis() < until) {
                        Thread.sleep(20);
                    }
                    int atKill = smtp.accepted();
                    assertTrue(atKill >= 40 && atKill < messages, "killed mid-drain: " + atKill + " (if " + messages
                            + ", the drain outran the POSTs on this machine: slow the scripted server down)");
                    long pidA = a.process.pid();
                    a.kill9();
                    // What A left behind: its claims, still leased to it (the owner names the pid), some handed over.
                    int[] stranded = claimsOf(db, pidA);
                    smtp.clearScript(); // the survivor now meets a fast server
                    System.out.printf("kill -9 of replica A at %d accepted; it left %d claim(s) in flight, %d of them"
                            + " past their handoff mark%n", atKill, stranded[0], stranded[1]);
                    assertTrue(stranded[0] > 0, "replica A held claims when it was killed (else recovery is untested)");

                    Map<String, Map<String, Object>> onB = awaitFinal(b, accepted.keySet());
                    Map<String, String> status = statuses(onB, accepted.keySet());
                    Map<String, Long> arrivals = arrivals(smtp);
                    List<String> problems = new ArrayList<>();
                    int uncertain = 0;
                    int interrupted = 0;
                    for (Map.Entry<String, String> e : accepted.entrySet()) {
                        String s = status.get(e.getKey());
                        long got = arrivals.getOrDefault(e.getValue(), 0L);
                        if ("sent".equals(s) && got != 1) {
                            problems.add(e.getKey() + " is sent but arrived " + got + " times");
                        } else if ("uncertain".equals(s)) {
                            uncertain++;
                            if (errorMessage(onB.get(e.getKey())).startsWith("mailgate stopped while")) {
                                interrupted++;
                            }
                            if (got > 1) {
                                problems.add(e.getKey() + " is uncertain and arrived " + got + " times");
                            }
                        } else if (!"sent".equals(s)) {
                            problems.add(e.getKey() + " ended " + s);
                        }
                    }
                    arrivals.forEach((id, n) -> {
                        if (n > 1) {
                            problems.add(id + " arrived " + n + " times");
                        }
                    });
                    assertEquals(List.of(), problems);
                    // Uncertain only where the dot may have gone out: a claim past its handoff mark (written before
                    // the dot) when A died. That is at most the pool's transactions in flight plus those answered
                    // 250 whose "sent" was still on its way to the disk, so under load it can exceed the pool.
                    assertTrue(uncertain <= stranded[1], uncertain + " uncertain, more than the " + stranded[1]
                            + " claims replica A had past their handoff mark when it was killed");
                    assertEquals(0, claimsOf(db, pidA)[0], "no claim of the dead replica is left");
                    // B was already running when A died: its start-up recovery found nothing, and the periodic
                    // recovery in the worker's loop does not log. The outcome above is the evidence.
                    String recovered = b.output().lines().filter(l -> l.contains("Recovered")).findFirst()
                            .orElse("(no \"Recovered\" line in B's log: the periodic recovery does not log)");
                    System.out.printf("kill -9 of one replica: %d accepted before the kill, %d uncertain after (%d of"
                            + " them marked interrupted by the recovery), %d total arrivals; replica B sent %d; %s%n",
                            atKill, uncertain, interrupted, smtp.accepted(), sentBy(b), recovered);
                } catch (Throwable t) {
                    tails(a, b);
                    throw t;
                } finally {
                    suspicious("A (killed)", a);
                    suspicious("B", b);
                }
            }
        } finally {
            Postgres.dropDatabase(db);
        }
    }

    @Test
    void aDailyQuotaHoldsAcrossReplicas() throws Exception {
        Postgres.require();
        final int messages = 50;
        final int quota = 20;
        String db = Postgres.createDatabase();
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // A quota zone where it is about noon now: the quota day cannot roll over during the test.
            ZoneOffset zone = ZoneOffset.ofHours(12 - ZonedDateTime.now(ZoneOffset.UTC).getHour());
            List<ProdJar> pair = startPair(replicaProps(smtp, db, List.of("-Dmailgate.delivery.daily-quota=" + quota,
                    "-Dmailgate.delivery.quota-zone=" + zone.getId())));
            try (ProdJar a = pair.get(0); ProdJar b = pair.get(1)) {
                try {
                    Map<String, String> accepted = postAll(messages, a, b, "quota");
                    assertEquals(messages, accepted.size(), "every request got its 202");

                    Map<String, String> status = awaitSettled(a, accepted.keySet(), smtp, quota);
                    Map<String, Long> byStatus = status.values().stream()
                            .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
                    System.out.printf("daily quota %d over two replicas: %d accepted by the SMTP server; statuses %s;"
                            + " replica A sent %d, replica B sent %d%n", quota, smtp.accepted(), byStatus, sentBy(a),
                            sentBy(b));
                    assertEquals(quota, smtp.accepted(), "exactly the quota reached the SMTP server");
                    assertEquals(quota, smtp.acceptedMessageIds().stream().distinct().count(), "each one once");
                    assertEquals(quota, byStatus.getOrDefault("sent", 0L), "exactly the quota is sent: " + byStatus);
                    assertEquals(messages - quota, byStatus.getOrDefault("queued", 0L)
                            + byStatus.getOrDefault("retrying", 0L), "the rest waits, none failed: " + byStatus);

                    // A deferral is not an attempt and leaves no error: the view shows it by its next attempt, at
                    // the next midnight in mailgate.delivery.quota-zone.
                    Instant now = Instant.now();
                    Instant midnight = ZonedDateTime.now(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
                    int deferred = 0;
                    int untouched = 0;
                    List<String> problems = new ArrayList<>();
                    for (String id : accepted.keySet()) {
                        if ("sent".equals(status.get(id))) {
                            continue;
                        }
                        var view = given().port(b.httpPort).get("/api/v1/messages/" + id).then().statusCode(200)
                                .extract();
                        String next = view.path("nextAttemptAt");
                        List<Object> attempts = view.path("attempts");
                        Instant at = next == null ? null : Instant.parse(next);
                        if (at != null && at.isAfter(now)) {
                            deferred++;
                            if (Math.abs(Duration.between(at, midnight).toMillis()) > 5_000) {
                                problems.add(id + " is deferred to " + at + ", not to the next midnight " + midnight);
                            }
                            if (deferred == 1) {
                                System.out.println("a deferred message, as GET shows it: " + view.asString());
                            }
                        } else {
                            untouched++; // never claimed: the queue stopped claiming once the quota was used up
                        }
                        if (attempts != null && !attempts.isEmpty()) {
                            problems.add(id + " is waiting but has attempts " + attempts);
                        }
                    }
                    long deferrals = deferrals(a) + deferrals(b);
                    System.out.printf("of the %d waiting: %d deferred to %s, midnight in %s (daily_quota"
                            + " deferrals counted: %d), %d never claimed; paused gauge A=%s B=%s%n", messages - quota,
                            deferred, midnight, zone, deferrals, untouched, metric(a, "mailgate_outbox_paused", ""),
                            metric(b, "mailgate_outbox_paused", ""));
                    assertEquals(List.of(), problems);
                    assertTrue(deferred > 0, "at least one waiting message was deferred to midnight");
                    assertEquals(deferred, deferrals, "each deferred message was deferred once, for the quota");
                } catch (Throwable t) {
                    tails(a, b);
                    throw t;
                } finally {
                    suspicious("A", a);
                    suspicious("B", b);
                }
            }
        } finally {
            Postgres.dropDatabase(db);
        }
    }
}
