package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.WebhookReceiver;
import io.restassured.http.ContentType;

/**
 * Webhook deliveries are stored work: kill -9 the packaged jar while its deliveries wait for a retry, start it
 * again, and they are made, with the same webhook-id.
 */
class WebhookRestartIT {

    @Test
    void pendingDeliveriesAreMadeAfterARestart() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer(); WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer("/hook", 503, 503, 503, 503, 503, 503, 503, 503);
            Path store = Files.createTempDirectory("mailgate-hooks");
            List<String> props = List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                    "-Dmailgate.health.smtp-check=false", "-Dmailgate.store.path=" + store,
                    "-Dmailgate.webhooks.ops.url=" + receiver.url("/hook"),
                    "-Dmailgate.webhooks.ops.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "-Dmailgate.webhooks.allow-private-networks=true",
                    "-Dmailgate.webhooks.retry-schedule=3s,3s,3s,3s,3s,3s,3s,3s");
            String id;
            try (ProdJar first = ProdJar.start(Map.of(), props)) {
                assertTrue(first.awaitLog("Listening on", 90_000), first.output());
                id = given().port(first.httpPort).contentType(ContentType.JSON).header("Prefer", "respond-async")
                        .body("{\"to\":[\"alice@example.com\"],\"text\":\"hooked\"}").post("/api/v1/messages").then()
                        .statusCode(202).extract().path("id");
                // Both events (queued, sent) exist, and the first was refused and its refusal recorded: both wait.
                long until = System.currentTimeMillis() + 30_000;
                String view = "";
                while (System.currentTimeMillis() < until) {
                    var v = given().port(first.httpPort).get("/api/v1/messages/" + id).then().extract();
                    view = v.asString();
                    if ("sent".equals(v.path("status")) && Integer.valueOf(1).equals(v.path("webhooks[0].attempts"))
                            && "pending".equals(v.path("webhooks[0].status"))) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertTrue(view.contains("\"lastStatus\":503") && view.contains("\"status\":\"sent\""), view);
                first.kill9();
            }
            receiver.reset(); // the receiver is back: 200 from now on

            try (ProdJar second = ProdJar.start(Map.of(), props)) {
                assertTrue(second.awaitLog("Listening on", 90_000), second.output());
                long until = System.currentTimeMillis() + 30_000;
                while (receiver.received("/hook").size() < 2 && System.currentTimeMillis() < until) {
                    Thread.sleep(50);
                }
                List<WebhookReceiver.Received> got = receiver.received("/hook");
                assertEquals(2, got.size(), "both events delivered after the restart: " + got);
                assertTrue(got.get(0).body().contains("\"type\":\"message.queued\""), got.get(0).body());
                assertTrue(got.get(1).body().contains("\"type\":\"message.sent\""), got.get(1).body());
                List<String> delivered = given().port(second.httpPort).get("/api/v1/messages/" + id).then()
                        .statusCode(200).extract().path("webhooks.status");
                assertEquals(List.of("delivered", "delivered"), delivered);
                System.out.printf("webhooks across kill -9: %d delivered after the restart, in order%n", got.size());
            }
        }
    }
}
