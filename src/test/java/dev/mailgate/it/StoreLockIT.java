package dev.mailgate.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Two gateways on one embedded store: the second stops at once with one clear message; the first is unharmed. */
class StoreLockIT {

    @Test
    void aSecondProcessOnTheSameStoreFailsFastAndClearly() throws Exception {
        Path store = Files.createTempDirectory("mailgate-lock");
        List<String> props = List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                "-Dquarkus.mailer.port=25", "-Dquarkus.mailer.login=DISABLED", "-Dquarkus.mailer.from=bot@mailgate.test",
                "-Dmailgate.auth.enabled=false", "-Dmailgate.health.smtp-check=false", "-Dmailgate.store.path=" + store);
        try (ProdJar first = ProdJar.start(Map.of(), props)) {
            assertTrue(first.awaitLog("Listening on", 90_000), first.output());
            try (ProdJar second = ProdJar.start(Map.of(), props)) {
                assertTrue(second.process.waitFor(60, TimeUnit.SECONDS), "the second gateway must not start");
                String out = second.output();
                assertNotEquals(0, second.process.exitValue(), out);
                assertTrue(out.contains("is in use by another mailgate process"), out);
                assertTrue(out.contains("mailgate.store.path"), out);
                assertFalse(out.contains("org.h2.jdbc"), "one sentence, not a driver stack trace:\n" + out);
            }
            assertTrue(first.process.isAlive(), "the first gateway keeps running");
            io.restassured.RestAssured.given().port(first.httpPort).get("/q/health/ready").then()
                    .body("checks.find { it.name == 'store' }.status", org.hamcrest.Matchers.equalTo("UP"));
        }
    }
}
