package dev.mailgate.it;

import static dev.mailgate.it.Replicas.arrivals;
import static dev.mailgate.it.Replicas.replicaProps;
import static dev.mailgate.it.Replicas.startPair;
import static dev.mailgate.it.Replicas.suspicious;
import static dev.mailgate.it.Replicas.tails;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Postgres;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * Idempotency-Key where it is hardest, on the packaged jar: two replicas on one PostgreSQL racing the same key (the
 * unique constraint decides, one message is sent), and kill -9 in the middle of keyed synchronous sends (the restart
 * applies the three-way rule, and a retry with the key answers with that outcome instead of sending again).
 */
class IdempotencyIT {

    static ExtractableResponse<Response> send(ProdJar app, String key, String text, boolean async) {
        var request = given().port(app.httpPort).contentType(ContentType.JSON).header("Idempotency-Key", key);
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return request.body("{\"to\":[\"alice@example.com\"],\"subject\":\"key\",\"text\":\"" + text + "\"}")
                .post("/api/v1/messages").then().extract();
    }

    @Test
    void twoReplicasRacingOneKeySendOnce() throws Exception {
        Postgres.require();
        final int keys = 20;
        String db = Postgres.createDatabase();
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // A slow final dot keeps the first request in flight while its twin arrives at the other replica.
            for (int i = 0; i < keys; i++) {
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(300), 250, "2.0.0 Ok: queued"));
            }
            List<ProdJar> pair = startPair(replicaProps(smtp, db, List.of()));
            try (ProdJar a = pair.get(0); ProdJar b = pair.get(1)) {
                ExecutorService callers = Executors.newFixedThreadPool(2 * keys);
                try {
                    List<String> problems = new ArrayList<>();
                    List<String> messageIds = new ArrayList<>();
                    List<Integer> seen = new ArrayList<>();
                    for (int k = 0; k < keys; k++) {
                        String key = UUID.randomUUID().toString();
                        boolean async = k % 4 == 3; // mostly synchronous: the longer window
                        CountDownLatch go = new CountDownLatch(1);
                        List<CompletableFuture<ExtractableResponse<Response>>> twins = new ArrayList<>();
                        for (ProdJar app : List.of(a, b)) {
                            twins.add(CompletableFuture.supplyAsync(() -> {
                                try {
                                    go.await();
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                                return send(app, key, "race", async);
                            }, callers));
                        }
                        go.countDown();
                        List<String> ids = new ArrayList<>();
                        int ok = async ? 202 : 200;
                        int oks = 0;
                        for (var f : twins) {
                            var r = f.get(60, TimeUnit.SECONDS);
                            seen.add(r.statusCode());
                            if (r.statusCode() == ok) {
                                oks++;
                                ids.add(r.path("id"));
                                messageIds.add(r.path("messageId"));
                            } else if (r.statusCode() != 409) {
                                problems.add(key + " answered " + r.statusCode() + ": " + r.asString());
                            }
                        }
                        if (oks == 0 || ids.stream().distinct().count() != 1) {
                            problems.add(key + ": " + oks + " answer(s) with a message, ids " + ids);
                        }
                    }
                    long until = System.currentTimeMillis() + 60_000;
                    while (smtp.accepted() < keys && System.currentTimeMillis() < until) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(1_000); // time for a duplicate, if there were one, to arrive too
                    Map<String, Long> arrivals = arrivals(smtp);
                    messageIds.stream().distinct().forEach(id -> {
                        if (arrivals.getOrDefault(id, 0L) != 1) {
                            problems.add(id + " arrived " + arrivals.getOrDefault(id, 0L) + " times");
                        }
                    });
                    long conflicts = seen.stream().filter(s -> s == 409).count();
                    System.out.printf("two replicas racing %d keys: %d answers 409, the rest the message or its"
                            + " replay; the SMTP server accepted %d%n", keys, conflicts, smtp.accepted());
                    assertEquals(List.of(), problems);
                    assertEquals(keys, smtp.accepted(), "one message per key reached the SMTP server");
                } catch (Throwable t) {
                    tails(a, b);
                    throw t;
                } finally {
                    callers.shutdownNow();
                    suspicious("A", a);
                    suspicious("B", b);
                }
            }
        } finally {
            Postgres.dropDatabase(db);
        }
    }

    @Test
    void killDashNineMidKeyedSendFollowsTheThreeWayRule() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            Path store = Files.createTempDirectory("mailgate-keys");
            List<String> props = List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                    "-Dmailgate.health.smtp-check=false", "-Dmailgate.store.path=" + store);
            String handedOver = UUID.randomUUID().toString();
            String notStarted = UUID.randomUUID().toString();
            try (ProdJar first = ProdJar.start(Map.of(), props)) {
                assertTrue(first.awaitLog("Listening on", 90_000), first.output());
                // One send whose final dot went out and is never answered; one whose connection never got past the
                // server's greeting, so its transaction never began.
                smtp.on(Step.DOT, Action.hang());
                // Own threads: the common pool may have a single thread on a 2-core machine, and each call blocks.
                Thread.ofPlatform().daemon().start(() -> send(first, handedOver, "maybe delivered", false));
                long until = System.currentTimeMillis() + 30_000;
                while (smtp.messageIds().isEmpty() && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
                assertEquals(1, smtp.messageIds().size(), "the first send's data reached the server");
                smtp.on(Step.GREETING, Action.hang());
                int connections = smtp.connections();
                Thread.ofPlatform().daemon().start(() -> send(first, notStarted, "never started", false));
                while (smtp.connections() == connections && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
                assertTrue(smtp.connections() > connections, "the second send opened its connection");
                first.kill9();
            }
            smtp.clearScript();

            try (ProdJar second = ProdJar.start(Map.of(), props)) {
                assertTrue(second.awaitLog("Listening on", 90_000), second.output());
                assertTrue(second.output().contains("Recovered 2 message(s)"), second.output());

                // Maybe delivered: uncertain, answered as such, and not sent again.
                var uncertain = send(second, handedOver, "maybe delivered", false);
                assertEquals(502, uncertain.statusCode(), uncertain.asString());
                assertEquals("true", uncertain.header("Idempotent-Replayed"));
                assertEquals("urn:mailgate:problem:uncertain", uncertain.path("type"), uncertain.asString());

                // Never handed over: back in the queue, sent once by the restarted worker; the key answers with it.
                ExtractableResponse<Response> sent = null;
                long until = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < until) {
                    sent = send(second, notStarted, "never started", false);
                    if (sent.statusCode() != 202 && sent.statusCode() != 409) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertEquals(200, sent.statusCode(), sent.asString());
                assertEquals("true", sent.header("Idempotent-Replayed"));
                assertEquals("sent", sent.path("status"));
                Thread.sleep(1_000);
                String maybe = given().port(second.httpPort).get("/api/v1/messages/" + uncertain.path("id")).then()
                        .statusCode(200).extract().path("messageId");
                // The server got the uncertain one's final dot before the kill (it counts it as accepted: it may
                // well have delivered it), and the re-queued one after the restart; each once.
                assertEquals(List.of(maybe, (String) sent.path("messageId")), smtp.acceptedMessageIds());
                assertEquals(2, smtp.messageIds().size(), "no data went out again");
                System.out.printf("kill -9 mid keyed send: the handed-over one replays %d %s, the other was"
                        + " re-queued and replays %d sent%n", uncertain.statusCode(), uncertain.path("outcome"),
                        sent.statusCode());
            }
        }
    }
}
