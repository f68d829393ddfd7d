package dev.mailgate.smtp;

import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.EncodedPart;
import io.vertx.ext.mail.mailencoder.MailEncoder;

/** The pool on its own: a refused recipient keeps the connection, and closing the pool says QUIT on it. */
class SmtpClientShutdownTest {

    @Test
    void refusalsReuseTheConnectionAndShutdownSaysQuit() {
        Vertx vertx = Vertx.vertx();
        try (FaultSmtpServer server = new FaultSmtpServer()) {
            SmtpSettings settings = new SmtpSettings("127.0.0.1", server.port(), false, "DISABLED", "REQUIRED",
                    List.of("PLAIN"), Optional.of("bot@mailgate.test"), Optional.of("secret"), "client.test", true, 2,
                    true, Duration.ofSeconds(30), new NetClientOptions());
            SmtpClient client = new SmtpClient(vertx, settings);
            server.on(Step.RCPT, reply(550, "5.1.1 User unknown"), reply(550, "5.1.1 User unknown"));

            assertThrows(RuntimeException.class, () -> send(client));
            assertThrows(RuntimeException.class, () -> send(client));
            send(client);

            assertEquals(1, server.connections());
            assertEquals(2, server.commands("RSET"));
            assertEquals(0, server.commands("QUIT"));
            client.close();
            assertEquals(1, server.commands("QUIT"), "the pooled connection was closed with QUIT");
        } finally {
            vertx.close();
        }
    }

    private static void send(SmtpClient client) {
        EncodedPart mail = new MailEncoder(new MailMessage().setFrom("bot@mailgate.test").setTo("alice@example.com")
                .setText("hello"), "client.test").encodeMail();
        client.send("bot@mailgate.test", List.of("alice@example.com"), mail, new SmtpAttempt())
                .await().atMost(Duration.ofSeconds(5));
    }
}
