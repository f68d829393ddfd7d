package dev.mailgate.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.SmtpDialog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A submitted 8-bit body is declared as such to the account's server (BODY=8BITMIME), a 7-bit one is not. */
@QuarkusTest
@TestProfile(RelayEightBitTest.Profile.class)
class RelayEightBitTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Keys off: this machine may submit without AUTH, as in dev mode.
            return with(Map.of("mailgate.relay.enabled", "true", "mailgate.relay.host", "127.0.0.1",
                    "mailgate.relay.port", "0", "mailgate.relay.allow-plaintext-auth", "true"));
        }
    }

    @Inject
    RelayServer relay;

    @Test
    void eightBitBodiesAreDeclared() throws Exception {
        FaultSmtpServer server = FaultServerProfile.Resource.server();
        server.reset();
        submit("Subject: plain\r\n\r\nascii only");
        // One after the other: the queue may send two waiting messages in either order.
        Await.until("the first at the server", Duration.ofSeconds(15), () -> server.accepted() == 1);
        submit("Subject: raw\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "磁盘快满了");
        Await.until("both at the server", Duration.ofSeconds(15), () -> server.accepted() == 2);
        assertFalse(server.mailCommands().get(0).contains("BODY=8BITMIME"), server.mailCommands().toString());
        assertTrue(server.mailCommands().get(1).contains("BODY=8BITMIME"), server.mailCommands().toString());
    }

    private void submit(String message) throws Exception {
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            d.send("EHLO tool.local");
            d.send("MAIL FROM:<bot@mailgate.test>");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            d.write(message.getBytes(StandardCharsets.UTF_8));
            String reply = d.send("\r\n.");
            assertTrue(reply.startsWith("250"), reply);
        }
    }
}
