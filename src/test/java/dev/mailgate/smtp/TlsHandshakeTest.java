package dev.mailgate.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.SmtpFailureClassifier;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;

/**
 * On implicit TLS, a server that accepts the connection and never answers the handshake is silent, not misconfigured:
 * transient, and retried. A certificate nobody trusts is still a configuration problem.
 */
class TlsHandshakeTest {

    final SmtpFailureClassifier classifier = new SmtpFailureClassifier(s -> s);

    @Test
    void aHandshakeThatTimesOutIsTransient() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            NetClientOptions options = new NetClientOptions().setSsl(true).setTrustAll(true).setHostnameVerificationAlgorithm("")
                    .setSslHandshakeTimeout(300).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
            DeliveryException e = classifier.classify(failure(vertx, settings(silent.getLocalPort(), options)));
            assertEquals(Outcome.TRANSIENT, e.outcome(), e.getMessage());
            assertTrue(e.getMessage().contains("did not complete the TLS handshake"), e.getMessage());
            acceptor.interrupt();
        } finally {
            vertx.close();
        }
    }

    @Test
    void anUntrustedCertificateIsAConfigurationProblem() {
        Vertx vertx = Vertx.vertx();
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        greenMail.start();
        try {
            NetClientOptions options = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
            DeliveryException e = classifier.classify(failure(vertx, settings(greenMail.getSmtps().getPort(), options)));
            assertEquals(Outcome.CONFIGURATION, e.outcome(), e.getMessage());
        } finally {
            greenMail.stop();
            vertx.close();
        }
    }

    private static SmtpSettings settings(int port, NetClientOptions options) {
        return new SmtpSettings("127.0.0.1", port, true, "DISABLED", "DISABLED", List.of("PLAIN"), Optional.empty(),
                Optional.empty(), "client.test", true, 1, true, Duration.ofSeconds(30), options);
    }

    private static Throwable failure(Vertx vertx, SmtpSettings settings) {
        SmtpClient client = new SmtpClient(vertx, settings);
        var mail = new MailEncoder(new MailMessage().setFrom("a@mailgate.test").setTo("b@example.com").setText("x"),
                "client.test").encodeMail();
        try {
            client.send("a@mailgate.test", List.of("b@example.com"), mail, new SmtpAttempt())
                    .await().atMost(Duration.ofSeconds(10));
            throw new AssertionError("the send should have failed");
        } catch (RuntimeException e) {
            return e;
        }
    }
}
