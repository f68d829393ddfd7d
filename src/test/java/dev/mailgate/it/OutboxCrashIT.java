package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.restassured.http.ContentType;

/**
 * The outbox's promise, on the packaged jar: kill -9 in the middle of a drain, start again, and every message that
 * got a 202 ends sent exactly once, or uncertain (never re-sent by itself), and no more of them uncertain than there
 * were SMTP transactions in flight. The SMTP server's own count of what it accepted is the judge.
 */
class OutboxCrashIT {

    static final int MESSAGES = 300;
    static final int POOL = 8;

    @Test
    void killDashNineMidDrainLosesNothingAndSendsNothingTwice() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // Slow enough that transactions are in flight at any moment: some in the envelope, most at the dot.
            for (int i = 0; i < MESSAGES; i++) {
                smtp.on(Step.MAIL, Action.slowReply(Duration.ofMillis(60), 250, "2.1.0 Ok"));
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(250), 250, "2.0.0 Ok: queued"));
            }
            Path store = Files.createTempDirectory("mailgate-crash");
            List<String> props = List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                    "-Dquarkus.mailer.max-pool-size=" + POOL, "-Dmailgate.store.path=" + store,
                    "-Dmailgate.delivery.rate-limit.value=100000");

            Map<String, String> accepted = new ConcurrentHashMap<>(); // id -> Message-ID, for every 202
            try (ProdJar first = ProdJar.start(Map.of(), props)) {
                assertTrue(first.awaitLog("Listening on", 90_000), first.output());
                ExecutorService callers = Executors.newFixedThreadPool(8);
                for (int i = 0; i < MESSAGES; i++) {
                    int n = i;
                    callers.submit(() -> {
                        var r = given().port(first.httpPort).contentType(ContentType.JSON)
                                .header("Prefer", "respond-async")
                                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"crash " + n + "\",\"text\":\"x\"}")
                                .post("/api/v1/messages").then().extract();
                        if (r.statusCode() == 202) {
                            accepted.put(r.path("id"), r.path("messageId"));
                        }
                    });
                }
                callers.shutdown();
                assertTrue(callers.awaitTermination(120, TimeUnit.SECONDS));
                assertEquals(MESSAGES, accepted.size(), "every request got its 202");
                long until = System.currentTimeMillis() + 60_000;
                while (smtp.accepted() < 40 && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
                assertTrue(smtp.accepted() >= 40 && smtp.accepted() < MESSAGES, "killed mid-drain: " + smtp.accepted());
                first.kill9();
            }
            int beforeRestart = smtp.accepted();
            smtp.clearScript(); // the second run meets a fast server

            try (ProdJar second = ProdJar.start(Map.of(), props)) {
                assertTrue(second.awaitLog("Listening on", 90_000), second.output());
                Map<String, String> status = awaitFinal(second, accepted.keySet());
                Map<String, Long> arrivals = smtp.acceptedMessageIds().stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

                List<String> problems = new ArrayList<>();
                int uncertain = 0;
                for (Map.Entry<String, String> e : accepted.entrySet()) {
                    String s = status.get(e.getKey());
                    long got = arrivals.getOrDefault(e.getValue(), 0L);
                    if ("sent".equals(s) && got != 1) {
                        problems.add(e.getKey() + " is sent but arrived " + got + " times");
                    } else if ("uncertain".equals(s)) {
                        uncertain++;
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
                assertEquals(List.of(), problems, second.output());
                assertTrue(uncertain <= POOL, uncertain + " uncertain, more than the " + POOL + " in flight");
                assertTrue(second.output().contains("Recovered"), "the restart recovered the claims in flight:\n"
                        + second.output());
                String recovered = second.output().lines().filter(l -> l.contains("Recovered")).findFirst().orElse("");
                System.out.printf("crash test: %d accepted before kill -9, %d uncertain after restart, %d total"
                        + " arrivals; %s%n", beforeRestart, uncertain, smtp.accepted(), recovered);
            }
        }
    }

    /** Polls the list until no message of ours is waiting or in flight; returns id -> status. */
    private static Map<String, String> awaitFinal(ProdJar app, java.util.Set<String> ids) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        Map<String, String> status = new HashMap<>();
        while (System.currentTimeMillis() < until) {
            status.clear();
            String cursor = null;
            do {
                var page = given().port(app.httpPort).queryParam("limit", 100)
                        .queryParam("cursor", cursor == null ? "" : cursor).get("/api/v1/messages").then()
                        .statusCode(200).extract();
                List<String> pageIds = page.path("messages.id");
                List<String> pageStatus = page.path("messages.status");
                for (int i = 0; i < pageIds.size(); i++) {
                    status.put(pageIds.get(i), pageStatus.get(i));
                }
                cursor = page.path("nextCursor");
            } while (cursor != null);
            boolean done = ids.stream().allMatch(id -> {
                String s = status.get(id);
                return "sent".equals(s) || "uncertain".equals(s) || "failed".equals(s) || "cancelled".equals(s);
            });
            if (done) {
                return status;
            }
            Thread.sleep(250);
        }
        return status;
    }
}
