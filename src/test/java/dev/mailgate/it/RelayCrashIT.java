package dev.mailgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.SmtpDialog;

/**
 * The relay's "250 queued" is a durability promise, on the packaged jar: kill -9 right after the last 250, start
 * again, and every message that got its 250 is delivered.
 */
class RelayCrashIT {

    static final int MESSAGES = 20;

    @Test
    void killDashNineRightAfterThe250LosesNothing() throws Exception {
        try (FaultSmtpServer smtp = new FaultSmtpServer()) {
            Path store = Files.createTempDirectory("mailgate-relay-crash");
            int relayPort = ProdJar.freePort();
            List<String> common = List.of("-Dmailgate.provider=custom", "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(), "-Dquarkus.mailer.login=DISABLED",
                    "-Dquarkus.mailer.from=bot@mailgate.test", "-Dmailgate.auth.enabled=false",
                    "-Dmailgate.store.path=" + store, "-Dmailgate.relay.enabled=true",
                    "-Dmailgate.relay.host=127.0.0.1", "-Dmailgate.relay.port=" + relayPort,
                    "-Dmailgate.relay.allow-plaintext-auth=true");
            List<String> first = new ArrayList<>(common);
            first.add("-Dmailgate.outbox.worker-enabled=false"); // so everything is still queued at the kill
            List<String> messageIds = new ArrayList<>();
            try (ProdJar app = ProdJar.start(Map.of(), first)) {
                assertTrue(app.awaitLog("SMTP relay listening", 90_000), app.output());
                try (SmtpDialog d = SmtpDialog.plain(relayPort)) {
                    d.send("EHLO cron.local");
                    for (int i = 0; i < MESSAGES; i++) {
                        String id = "<crash-" + i + "@tool.local>";
                        d.send("MAIL FROM:<bot@mailgate.test>");
                        d.send("RCPT TO:<alice@example.com>");
                        d.send("DATA");
                        String reply = d.send("Message-ID: " + id + "\r\nSubject: crash " + i + "\r\n\r\nx\r\n.");
                        assertTrue(reply.startsWith("250 2.0.0 queued as "), reply);
                        messageIds.add(id);
                    }
                    app.kill9(); // no pause after the last 250
                }
            }
            assertEquals(0, smtp.accepted(), "nothing was delivered before the kill");
            try (ProdJar app = ProdJar.start(Map.of(), common)) {
                assertTrue(app.awaitLog("Listening on", 90_000), app.output());
                long until = System.currentTimeMillis() + 60_000;
                while (smtp.accepted() < MESSAGES && System.currentTimeMillis() < until) {
                    Thread.sleep(100);
                }
                assertEquals(new HashSet<>(messageIds), new HashSet<>(smtp.acceptedMessageIds()), app.output());
                assertEquals(MESSAGES, smtp.accepted(), "each exactly once");
            }
        }
    }
}
