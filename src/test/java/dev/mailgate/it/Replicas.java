package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.Postgres;
import io.restassured.http.ContentType;

/**
 * Support for {@link ReplicasIT}: starting two {@link ProdJar} replicas on one PostgreSQL database, posting to them,
 * waiting for outcomes, and reading what each replica reports (its list, its metrics, its log) and what the database
 * holds. Kept apart so the test class reads as the scenarios and their assertions.
 */
final class Replicas {

    /** The SMTP pool size of each replica: the most transactions one replica can have in flight. */
    static final int POOL = 4;
    /** Statuses a message never leaves: what {@link #awaitFinal} waits for. */
    private static final Set<String> FINAL = Set.of("sent", "uncertain", "failed", "cancelled");

    private Replicas() {
    }

    /** The settings of every replica: OutboxCrashIT's, on the PostgreSQL database, with a short lease. */
    static List<String> replicaProps(FaultSmtpServer smtp, String db, List<String> extra) {
        List<String> props = new ArrayList<>(List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                "-Dquarkus.mailer.max-pool-size=" + POOL,
                "-Dmailgate.delivery.rate-limit.value=100000",
                "-Dmailgate.outbox.lease=5s"));
        Postgres.settings(db).forEach((k, v) -> props.add("-D" + k + "=" + v));
        props.addAll(extra);
        return props;
    }

    /** Two replicas started at once (they race for the migration too); returns when both listen. */
    static List<ProdJar> startPair(List<String> props) throws Exception {
        ProdJar a = ProdJar.start(Map.of(), props);
        ProdJar b;
        try {
            b = ProdJar.start(Map.of(), props);
        } catch (Exception e) {
            a.close();
            throw e;
        }
        try {
            assertTrue(a.awaitLog("Listening on", 90_000), "replica A did not start:\n" + a.output());
            assertTrue(b.awaitLog("Listening on", 90_000), "replica B did not start:\n" + b.output());
        } catch (Throwable t) {
            a.close();
            b.close();
            throw t;
        }
        return List.of(a, b);
    }

    /** POSTs n async messages, alternating between the replicas; returns id -> Message-ID for every 202. */
    static Map<String, String> postAll(int n, ProdJar a, ProdJar b, String subject) throws Exception {
        Map<String, String> accepted = new ConcurrentHashMap<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < n; i++) {
            int k = i;
            ProdJar to = i % 2 == 0 ? a : b;
            callers.submit(() -> {
                var r = given().port(to.httpPort).contentType(ContentType.JSON).header("Prefer", "respond-async")
                        .body("{\"to\":[\"alice@example.com\"],\"subject\":\"" + subject + " " + k
                                + "\",\"text\":\"x\"}")
                        .post("/api/v1/messages").then().extract();
                if (r.statusCode() == 202) {
                    accepted.put(r.path("id"), r.path("messageId"));
                } else {
                    System.err.println("POST " + k + " answered " + r.statusCode() + ": " + r.asString());
                }
            });
        }
        callers.shutdown();
        assertTrue(callers.awaitTermination(120, TimeUnit.SECONDS), "the POSTs did not finish");
        return accepted;
    }

    /** Every message the replica lists: id -> its summary view. */
    static Map<String, Map<String, Object>> list(ProdJar app) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        String cursor = null;
        do {
            var page = given().port(app.httpPort).queryParam("limit", 100)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/api/v1/messages").then()
                    .statusCode(200).extract();
            List<Map<String, Object>> views = page.path("messages");
            for (Map<String, Object> v : views) {
                all.put((String) v.get("id"), v);
            }
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return all;
    }

    static Map<String, String> statuses(Map<String, Map<String, Object>> views, Set<String> ids) {
        Map<String, String> s = new HashMap<>();
        for (String id : ids) {
            Map<String, Object> v = views.get(id);
            s.put(id, v == null ? null : (String) v.get("status"));
        }
        return s;
    }

    /** Polls the replica's list until every one of ids is final (up to two minutes); returns the last list. */
    static Map<String, Map<String, Object>> awaitFinal(ProdJar app, Set<String> ids) throws Exception {
        long until = System.currentTimeMillis() + 120_000;
        Map<String, Map<String, Object>> views = Map.of();
        while (System.currentTimeMillis() < until) {
            views = list(app);
            Map<String, String> s = statuses(views, ids);
            if (ids.stream().allMatch(id -> FINAL.contains(s.get(id)))) {
                return views;
            }
            Thread.sleep(250);
        }
        return views;
    }

    /**
     * Polls until the SMTP server accepted at least {@code atLeast}, nothing is being sent, and neither the statuses
     * nor the server's count changed for three seconds (up to a minute); returns id -> status.
     */
    static Map<String, String> awaitSettled(ProdJar app, Set<String> ids, FaultSmtpServer smtp, int atLeast)
            throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        Map<String, String> last = null;
        int lastAccepted = -1;
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < until) {
            Map<String, String> now = statuses(list(app), ids);
            int acc = smtp.accepted();
            if (!now.equals(last) || acc != lastAccepted) {
                last = now;
                lastAccepted = acc;
                stableSince = System.currentTimeMillis();
            } else if (acc >= atLeast && !now.containsValue("sending")
                    && System.currentTimeMillis() - stableSince >= 3_000) {
                return now;
            }
            Thread.sleep(250);
        }
        return last;
    }

    static Map<String, Long> arrivals(FaultSmtpServer smtp) {
        return smtp.acceptedMessageIds().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @SuppressWarnings("unchecked")
    static String errorMessage(Map<String, Object> view) {
        Object e = view == null ? null : view.get("error");
        Object m = e instanceof Map ? ((Map<String, Object>) e).get("message") : null;
        return m == null ? "" : m.toString();
    }

    /** The claims a process left: [in flight, of which past the handoff mark], read from the database itself. */
    static int[] claimsOf(String db, long pid) throws Exception {
        try (Connection c = Postgres.connect(db); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
                + " COUNT(handoff_at) FROM message WHERE status = 'sending' AND lease_owner LIKE ?")) {
            ps.setString(1, "mailgate-" + pid + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new int[] { rs.getInt(1), rs.getInt(2) };
            }
        }
    }

    /** Messages this replica's worker got a 250 for: the count of its queue-to-sent lag timer. */
    static long sentBy(ProdJar app) {
        return (long) metric(app, "mailgate_outbox_lag_seconds_count", "");
    }

    static long deferrals(ProdJar app) {
        return (long) metric(app, "mailgate_outbox_deferrals_total", "cause=\"daily_quota\"");
    }

    /** The sum of the Prometheus samples of a metric whose labels contain {@code label}; 0 when there is none. */
    static double metric(ProdJar app, String name, String label) {
        String text = given().port(app.httpPort).get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> (l.startsWith(name + " ") || l.startsWith(name + "{")) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The end of both logs, for a failure report. */
    static void tails(ProdJar a, ProdJar b) {
        for (ProdJar app : List.of(a, b)) {
            try {
                List<String> lines = app.output().lines().toList();
                System.out.println("---- last lines of " + app.log + " (replica " + (app == a ? "A" : "B") + ") ----");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            } catch (Exception e) {
                System.out.println("(log " + app.log + " unreadable: " + e + ")");
            }
        }
    }

    /** Every WARN and ERROR line of a replica's log, at most 30 of them, for the reader of the test output. */
    static void suspicious(String name, ProdJar app) {
        try {
            List<String> lines = app.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .toList();
            System.out.printf("replica %s (%s): %d WARN/ERROR line(s)%n", name, app.log, lines.size());
            lines.stream().limit(30).forEach(l -> System.out.println("  " + l));
        } catch (Exception e) {
            System.out.println("(log " + app.log + " unreadable: " + e + ")");
        }
    }
}
