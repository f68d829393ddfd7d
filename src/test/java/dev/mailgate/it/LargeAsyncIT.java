package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import io.restassured.http.ContentType;

/**
 * A 25 MB attachment sent asynchronously by a gateway with a 128 MB heap: stored in chunks, streamed back out, and
 * delivered whole, as the synchronous path does.
 */
class LargeAsyncIT {

    @Test
    void aTwentyFiveMegabyteAttachmentIsStoredAndDeliveredWithASmallHeap() throws Exception {
        Path file = Files.createTempFile("big", ".bin");
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        for (int i = 0; i < 25; i++) {
            Files.write(file, chunk, i == 0 ? new java.nio.file.OpenOption[0]
                    : new java.nio.file.OpenOption[] { java.nio.file.StandardOpenOption.APPEND });
        }
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            List<String> props = List.of("-Xmx128m", "-XX:+UseSerialGC", "-Dmailgate.provider=custom",
                    "-Dquarkus.mailer.host=127.0.0.1", "-Dquarkus.mailer.port=" + smtp.port(),
                    "-Dquarkus.mailer.login=DISABLED", "-Dquarkus.mailer.from=bot@mailgate.test",
                    "-Dmailgate.auth.enabled=false", "-Dmailgate.limits.max-attachments-size=26M",
                    "-Dquarkus.http.limits.max-body-size=40M");
            try (ProdJar app = ProdJar.start(Map.of(), props)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                String id = given().port(app.httpPort).header("Prefer", "respond-async")
                        .multiPart("to", "alice@example.com").multiPart("subject", "big").multiPart("text", "see file")
                        .multiPart("attachment", file.toFile(), "application/octet-stream")
                        .post("/api/v1/messages").then().statusCode(202).extract().path("id");
                long until = System.currentTimeMillis() + 120_000;
                String status = null;
                while (System.currentTimeMillis() < until) {
                    status = given().port(app.httpPort).get("/api/v1/messages/" + id).then().extract().path("status");
                    if (!"queued".equals(status) && !"sending".equals(status) && !"retrying".equals(status)) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertEquals("sent", status, app.output());
                assertEquals(1, smtp.accepted());
                long base64 = 25L * (1 << 20) * 4 / 3;
                assertTrue(smtp.receivedSizes().getFirst() > base64, "the whole file arrived: " + smtp.receivedSizes());
                assertTrue(!app.output().contains("OutOfMemoryError"), app.output());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
