package dev.mailgate.relay;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.RelayProfile;
import dev.mailgate.support.SmtpDialog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The standard hostile-client cases, each answered as RFC 5321 says, and none of them queues anything it should not. */
@QuarkusTest
@TestProfile(RelayProfile.class)
class RelayHostileTest {

    @Inject
    RelayServer relay;

    @BeforeEach
    void fresh() throws Exception {
        RelayProfile.backend().purgeEmailFromAllMailboxes();
    }

    @Test
    void commandsBeforeEhloAreRefused() throws Exception {
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">").startsWith("503"));
            assertTrue(d.send("EHLO cron.local").startsWith("250"));
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">").startsWith("250"));
        }
    }

    @Test
    void aFromThatHidesAnotherAddressIsRefused() throws Exception {
        for (String from : java.util.List.of("ceo@bank.example (<" + RelayProfile.TRUSTED_SENDER + ">)",
                "<" + RelayProfile.TRUSTED_SENDER + ">, ceo@bank.example",
                "ceo@bank.example:<" + RelayProfile.TRUSTED_SENDER + ">;")) {
            try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
                d.send("EHLO cron.local");
                d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
                d.send("RCPT TO:<alice@example.com>");
                d.send("DATA");
                String reply = d.send("From: " + from + "\r\nSubject: x\r\n\r\nx\r\n.");
                assertTrue(reply.startsWith("550 5.7.1"), from + " -> " + reply);
            }
        }
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            String reply = d.send("From: " + RelayProfile.TRUSTED_SENDER + "\r\nSender: ceo@bank.example\r\n"
                    + "Subject: x\r\n\r\nx\r\n.");
            assertTrue(reply.startsWith("550 5.7.1"), "the Sender field is checked too: " + reply);
        }
    }

    @Test
    void aKeysRateLimitGivesA4xxThatToolsRetry() throws Exception {
        try (SmtpDialog d = SmtpDialog.tls("127.0.0.6", relay.tlsPort())) {
            d.send("EHLO tool.local");
            assertTrue(d.authPlain("limited", RelayProfile.LIMITED_KEY).startsWith("235"));
            for (int i = 0; i < 2; i++) {
                d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">");
                d.send("RCPT TO:<alice@example.com>");
                d.send("DATA");
                String reply = d.send("Subject: " + i + "\r\n\r\nx\r\n.");
                assertTrue(reply.startsWith(i == 0 ? "250" : "451 4.7.0"), reply);
            }
        }
        // Delivered before the next case counts what GreenMail received.
        Await.until("the first message delivered", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 1);
    }

    @Test
    void messagesBeingReceivedShareAMemoryBudgetAndTheOneOverItTriesAgain() throws Exception {
        String lines = ("x".repeat(998) + "\r\n").repeat(150); // about 150 KB each; the budget is 300 KB
        try (SmtpDialog a = SmtpDialog.from("127.0.0.2", relay.port());
                SmtpDialog b = SmtpDialog.from("127.0.0.2", relay.port())) {
            for (SmtpDialog d : List.of(a, b)) {
                d.send("EHLO cron.local");
                d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
                d.send("RCPT TO:<alice@example.com>");
                assertTrue(d.send("DATA").startsWith("354"));
            }
            // ~190 KB (40 more whole lines of 1,000 bytes), the final dot not sent yet
            a.write("Subject: a\r\n\r\n" + lines + lines.substring(0, 40_000));
            Thread.sleep(700);
            b.write("Subject: b\r\n\r\n" + lines);
            Thread.sleep(300);
            // Together they are over the budget: whichever was read second waits for another try.
            String replyB = b.send(".");
            String replyA = a.send(".");
            List<String> replies = List.of(replyA.substring(0, 3), replyB.substring(0, 3));
            assertTrue(replies.contains("250") && replies.contains("452"), replyA + " / " + replyB);
            SmtpDialog again = replyA.startsWith("452") ? a : b;
            assertTrue((replyA.startsWith("452") ? replyA : replyB).startsWith("452 4.3.1"));
            again.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            again.send("RCPT TO:<alice@example.com>");
            again.send("DATA");
            again.write("Subject: again\r\n\r\n" + lines);
            assertTrue(again.send(".").startsWith("250"), "the budget was given back");
        }
        Await.until("both delivered", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 2);
    }

    @Test
    void chunkingIsNotOfferedAndBdatIsRefused() throws Exception {
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            String ehlo = d.send("EHLO cron.local");
            assertFalse(ehlo.contains("CHUNKING"), ehlo);
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            d.send("RCPT TO:<alice@example.com>");
            assertTrue(d.send("BDAT 10 LAST").startsWith("502"), "a half-sent chunk can never count as a message");
        }
    }

    @Test
    void anIdleClientIsDisconnected() throws Exception {
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            assertTrue(d.closedWithin(Duration.ofSeconds(6)), "idle after the greeting (idle-timeout 2 s)");
        }
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            d.write("Subject: never finished\r\n\r\n");
            assertTrue(d.closedWithin(Duration.ofSeconds(6)), "an unterminated DATA times out too");
        }
        Thread.sleep(300);
        assertEquals(0, queued(), "nothing from either");
    }

    @Test
    void aHundredKilobyteLineIsRefusedAndTheServerGoesOn() throws Exception {
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            d.write("EHLO " + "a".repeat(100_000) + "\r\n");
            String reply = d.reply();
            assertTrue(reply == null || reply.isEmpty() || reply.startsWith("5"), reply);
        } catch (java.io.IOException closed) {
            // closing the connection is an answer too
        }
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            assertTrue(d.send("EHLO tool.local").startsWith("250"), "the listener still serves");
        }
    }

    @Test
    void aClientThatLeavesMidDataQueuesNothing() throws Exception {
        double before = queued();
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            d.send("RCPT TO:<alice@example.com>");
            assertTrue(d.send("DATA").startsWith("354"));
            d.write("Subject: half\r\n\r\nthe first half of the");
        }
        Thread.sleep(500);
        assertEquals(before, queued());
        assertEquals(0, RelayProfile.backend().getReceivedMessages().length);
    }

    @Test
    void aBareLfDotDoesNotEndTheDataSoNothingCanBeSmuggled() throws Exception {
        double before = queued();
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            String reply = d.send("Subject: one\r\n\r\nhello\n.\nMAIL FROM:<" + RelayProfile.TRUSTED_SENDER
                    + ">\nRCPT TO:<mallory@example.com>\nDATA\nSubject: smuggled\n\nx\n.\r\n.");
            assertTrue(reply.startsWith("250") || reply.startsWith("5"), reply);
            assertTrue(d.send("RSET").startsWith("250"), "the session is in step");
        }
        Await.until("at most one message", Duration.ofSeconds(10), () -> queued() - before <= 1);
        if (queued() - before == 1) {
            Await.until("it delivered", Duration.ofSeconds(15),
                    () -> RelayProfile.backend().getReceivedMessages().length == 1);
        }
        Thread.sleep(1_000);
        assertTrue(queued() - before <= 1);
        assertFalse(java.util.Arrays.stream(RelayProfile.backend().getReceivedMessages()).anyMatch(m -> {
            try {
                return "smuggled".equals(m.getSubject());
            } catch (Exception e) {
                return false;
            }
        }), "a second message hidden in the first never goes out on its own");
    }

    @Test
    void tenThousandPipelinedRecipientsGet452PastTheLimit() throws Exception {
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">");
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                all.append("RCPT TO:<r").append(i).append("@example.com>\r\n");
            }
            d.write(all.toString());
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                replies.add(d.reply().substring(0, 3));
            }
            assertEquals(List.of("250", "250", "250", "452"), replies.subList(0, 4));
            assertEquals(9_997, replies.stream().filter("452"::equals).count());
            assertTrue(d.send("RSET").startsWith("250"));
        }
    }

    @Test
    void failedLoginsAreRateLimitedPerAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (SmtpDialog d = SmtpDialog.tls("127.0.0.3", relay.tlsPort())) {
                d.send("EHLO tool.local");
                assertTrue(d.authPlain(RelayProfile.KEY_NAME, "mg_guess_" + i).startsWith("535 5.7.8"));
            }
        }
        try (SmtpDialog d = SmtpDialog.tls("127.0.0.3", relay.tlsPort())) {
            d.send("EHLO tool.local");
            assertTrue(d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY).startsWith("454"),
                    "even the right key waits after three failures");
        }
        try (SmtpDialog d = SmtpDialog.tls("127.0.0.4", relay.tlsPort())) {
            d.send("EHLO tool.local");
            assertTrue(d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY).startsWith("235"), "another address may");
        }
    }

    @Test
    void connectionsFromOneAddressAreBounded() throws Exception {
        List<SmtpDialog> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(SmtpDialog.from("127.0.0.5", relay.port()));
            }
            java.net.Socket s = new java.net.Socket();
            s.bind(new java.net.InetSocketAddress("127.0.0.5", 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", relay.port()), 5_000);
            s.setSoTimeout(5_000);
            String greeting = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream())).readLine();
            s.close();
            assertTrue(greeting != null && greeting.startsWith("421"), "the eleventh: " + greeting);
        } finally {
            for (SmtpDialog d : open) {
                d.close();
            }
        }
    }

    /** Messages the relay stored, from its metric. */
    static double queued() {
        String metrics = given().get("/q/metrics").then().extract().asString();
        return metrics.lines().filter(l -> l.startsWith("mailgate_relay_messages_total{result=\"queued\"}"))
                .mapToDouble(l -> Double.parseDouble(l.split(" ")[1])).sum();
    }
}
