package dev.mailgate.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * Connections opened from threads that are not Vert.x's (the outbox worker's) get their greeting. The reply handler
 * used to be attached from the calling thread, sometimes after the greeting had been read and dropped, and the send
 * then hung until its attempt timed out; the connection is now made from its event loop (asserted there, and tests
 * run with assertions on). In a Quarkus test (any profile would do) so that Mutiny runs as the application has it.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class ConnectFromWorkerThreadTest {

    @Test
    void everyConnectionOpenedFromPlainThreadsLogsIn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FaultSmtpServer server = new FaultSmtpServer()) {
            SmtpClient client = new SmtpClient(vertx, SmtpSettings.of("127.0.0.1", server.port(), false, "DISABLED",
                    "REQUIRED", Optional.of("bot@mailgate.test"), Optional.of("secret"), Optional.empty(), 4,
                    Duration.ofMillis(1), null, "test"));
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                checks.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        client.verify().await().atMost(Duration.ofSeconds(5));
                        sleep(); // past the 1 ms keep-alive: the next check opens a new connection
                    }
                }));
            }
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertEquals(100, server.connections(), "a new connection for every check, each logged in");
            client.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
