package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.restassured.http.ContentType;

/** SIGTERM while a send is in flight: readiness goes DOWN, the send completes, nothing is lost silently. */
class GracefulDrainIT {

    @Test
    void anInFlightSendCompletesDuringShutdown() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            // The server takes 3 s to confirm the message: long enough to shut down in the middle of it.
            smtp.on(Step.DOT, Action.slowReply(Duration.ofSeconds(3), 250, "2.0.0 Ok: queued"));
            List<String> props = List.of(
                    "-Dmailgate.provider=custom",
                    "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(),
                    "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test",
                    "-Dmailgate.auth.enabled=false",
                    "-Dquarkus.shutdown.delay=2s",
                    "-Dquarkus.shutdown.timeout=20s");
            try (ProdJar app = ProdJar.start(Map.of(), props)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> given().port(app.httpPort)
                        .contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"text\":\"drain\"}")
                        .post("/api/v1/messages").then().extract().statusCode());
                Thread.sleep(800); // the message is now waiting for the server's slow reply

                app.process.destroy(); // SIGTERM, as Kubernetes sends it
                Thread.sleep(500);
                int ready = given().port(app.httpPort).get("/q/health/ready").then().extract().statusCode();
                assertEquals(503, ready, "readiness must be DOWN once shutdown has begun");

                assertEquals(200, inFlight.get(30, TimeUnit.SECONDS), "the in-flight send must complete");
                assertEquals(1, smtp.accepted());
                assertTrue(app.process.waitFor(30, TimeUnit.SECONDS), "the gateway must exit after draining");
            }
        }
    }

    /**
     * SIGTERM while queued messages are in flight: those transactions finish, nothing more is claimed, and the rest
     * waits in the store for the next start. No message is lost or sent twice.
     */
    @Test
    void queuedMessagesInFlightFinishAndTheRestWaitForTheNextStart() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            for (int i = 0; i < 20; i++) {
                smtp.on(Step.DOT, Action.slowReply(Duration.ofMillis(1500), 250, "2.0.0 Ok: queued"));
            }
            java.nio.file.Path store = java.nio.file.Files.createTempDirectory("mailgate-drain");
            List<String> props = List.of(
                    "-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                    "-Dquarkus.mailer.max-pool-size=2", "-Dmailgate.store.path=" + store,
                    "-Dquarkus.shutdown.delay=1s", "-Dquarkus.shutdown.timeout=20s");
            List<String> ids = new java.util.ArrayList<>();
            try (ProdJar app = ProdJar.start(Map.of(), props)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                for (int i = 0; i < 6; i++) {
                    ids.add(given().port(app.httpPort).contentType(ContentType.JSON).header("Prefer", "respond-async")
                            .body("{\"to\":[\"alice@example.com\"],\"text\":\"drain " + i + "\"}")
                            .post("/api/v1/messages").then().statusCode(202).extract().path("id"));
                }
                Thread.sleep(700); // two transactions are now waiting for the slow reply
                app.process.destroy();
                assertTrue(app.process.waitFor(30, TimeUnit.SECONDS), "the gateway must exit after draining");
                assertEquals(2, smtp.accepted(), "the two in flight finished; nothing more was started");
            }
            smtp.clearScript();
            try (ProdJar again = ProdJar.start(Map.of(), props)) {
                assertTrue(again.awaitLog("Listening on", 90_000), again.output());
                long until = System.currentTimeMillis() + 30_000;
                while (smtp.accepted() < 6 && System.currentTimeMillis() < until) {
                    Thread.sleep(100);
                }
                assertEquals(6, smtp.accepted(), again.output());
                assertEquals(6, smtp.acceptedMessageIds().stream().distinct().count(), "each once");
                for (String id : ids) {
                    assertEquals("sent", given().port(again.httpPort).get("/api/v1/messages/" + id).then()
                            .extract().path("status"));
                }
                assertTrue(!again.output().contains("Recovered"), "a clean shutdown leaves nothing to recover");
            }
        }
    }
}
