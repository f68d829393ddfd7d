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
}
