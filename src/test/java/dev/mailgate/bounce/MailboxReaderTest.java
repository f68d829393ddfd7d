package dev.mailgate.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailgate.support.ImapMailbox;

/** The IMAP session on its own, against GreenMail's IMAP: what it lists, reads and leaves alone. */
class MailboxReaderTest {

    private static GreenMail greenMail;

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("box@mailgate.test", "box@mailgate.test",
                        "secret"));
        greenMail.start();
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    private static MailboxReader reader() throws Exception {
        ImapSettings s = new ImapSettings("a", "127.0.0.1", greenMail.getImaps().getPort(), true, "box@mailgate.test",
                "secret", List.of("INBOX"), true, Optional.empty());
        return new MailboxReader(s, false, Duration.ofSeconds(10), trustAll(), true);
    }

    /** GreenMail's certificate is self-signed: trusted here as a TLS registry entry with trust-all would. */
    private static javax.net.ssl.SSLSocketFactory trustAll() throws Exception {
        javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
        c.init(null, new javax.net.ssl.TrustManager[] { new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        } }, null);
        return c.getSocketFactory();
    }

    private static byte[] mail(String subject, int bodyBytes) {
        return ("From: a@example.com\r\nTo: box@mailgate.test\r\nSubject: " + subject + "\r\n\r\n" + "x".repeat(bodyBytes)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listsReadsAndLeavesEverythingAsItWas() throws Exception {
        try (ImapMailbox box = new ImapMailbox(greenMail.getImaps().getPort(), "box@mailgate.test", "secret")) {
            box.append("Fresh", mail("one", 10));
            box.append("Fresh", mail("two", 5000));
        }
        try (MailboxReader r = reader()) {
            r.connect(); // with ID, which GreenMail does not know: not needed there, and no failure
            assertTrue(r.exists("Fresh"));
            MailboxReader.View first = r.list("Fresh", 0, Instant.now().minus(Duration.ofDays(7)));
            assertEquals(2, first.items().size(), first.toString());
            assertEquals(first.items().get(1).uid(), first.highest());
            assertEquals(first.uidValidity(), r.uidValidity("Fresh"));
            MailboxReader.View later = r.list("Fresh", first.items().get(0).uid(), null);
            assertEquals(List.of(first.items().get(1).uid()), later.items().stream().map(MailboxReader.Item::uid).toList());
            assertEquals(0, r.list("Fresh", first.highest(), null).items().size(), "n:* returns the last: filtered");
            assertTrue(new String(r.read("Fresh", first.items().get(0).uid(), 1000).bytes(), StandardCharsets.US_ASCII)
                    .contains("Subject: one"));
            assertSame(MailboxReader.Read.TOO_LARGE, r.read("Fresh", first.items().get(1).uid(), 1000),
                    "larger than the bound: not held");
            assertSame(MailboxReader.Read.GONE, r.read("Fresh", first.highest() + 10, 1000));
        }
        try (ImapMailbox box = new ImapMailbox(greenMail.getImaps().getPort(), "box@mailgate.test", "secret")) {
            box.contents("Fresh").forEach(h -> assertEquals(List.of(), h.flags(), h.subject()));
        }
    }

    @Test
    void moveToMovesOnlyTheMessageItIsGiven() throws Exception {
        try (ImapMailbox box = new ImapMailbox(greenMail.getImaps().getPort(), "box@mailgate.test", "secret")) {
            box.append("Moving", mail("a bounce", 1));
            box.append("Moving", mail("a letter", 1));
        }
        ImapSettings s = new ImapSettings("a", "127.0.0.1", greenMail.getImaps().getPort(), true, "box@mailgate.test",
                "secret", List.of("Moving"), false, Optional.empty());
        try (MailboxReader r = new MailboxReader(s, true, Duration.ofSeconds(10), trustAll(), true)) {
            r.connect();
            MailboxReader.View v = r.list("Moving", 0, null);
            r.move("Moving", v.items().getFirst().uid(), "Bounces");
        }
        try (ImapMailbox box = new ImapMailbox(greenMail.getImaps().getPort(), "box@mailgate.test", "secret")) {
            assertEquals(List.of("a letter"), box.contents("Moving").stream().map(ImapMailbox.Held::subject).toList());
            assertEquals(List.of("a bounce"), box.contents("Bounces").stream().map(ImapMailbox.Held::subject).toList());
        }
    }

    @Test
    void idleReturnsWhenMailComesIn() throws Exception {
        try (MailboxReader r = reader()) {
            r.connect();
            long seen = r.list("INBOX", 0, null).highest();
            long start = System.nanoTime();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(500);
                    try (ImapMailbox box = new ImapMailbox(greenMail.getImaps().getPort(), "box@mailgate.test", "secret")) {
                        box.append("INBOX", mail("wake", 1));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(r.idle("INBOX", Duration.ofSeconds(20), seen));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "IDLE ended by the new mail");
        }
        // The reader's next session: the mail that came in after its last read is not waited for.
        try (MailboxReader r = reader()) {
            r.connect();
            long before = System.nanoTime();
            assertTrue(r.idle("INBOX", Duration.ofSeconds(20), 0), "mail above seen came in: no waiting");
            assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos());
        }
    }
}
