package dev.mailgate.relay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.BounceFixtures;
import dev.mailgate.support.ImapMailbox;
import dev.mailgate.support.RelayProfile;
import dev.mailgate.support.SmtpDialog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The SMTP submission listener with a real client (Jakarta Mail) and hand-driven dialogues, checked against what
 * GreenMail received behind the one QQ-style account.
 */
@QuarkusTest
@TestProfile(RelayProfile.class)
class RelayTest {

    @Inject
    RelayServer relay;

    @BeforeEach
    void fresh() throws Exception {
        RelayProfile.backend().purgeEmailFromAllMailboxes();
    }

    @Test
    void jakartaMailOverStartTlsWithAuthDeliversTheOriginalMimeWithBccHiddenAndATraceField() throws Exception {
        Session session = Session.getInstance(clientProperties());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(RelayProfile.LOGIN, "监控"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.com");
        m.setRecipients(Message.RecipientType.BCC, "carol@example.com");
        m.setSubject("告警：磁盘使用率 95%", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("磁盘 /data 快满了。", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        byte[] report = new byte[6000];
        new Random(7).nextBytes(report);
        file.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(report,
                "application/octet-stream")));
        file.setFileName("报告.bin");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        m.writeTo(sent);

        String reply;
        try (SMTPTransport t = (SMTPTransport) session.getTransport("smtp")) {
            t.connect("127.0.0.1", relay.port(), RelayProfile.KEY_NAME, RelayProfile.KEY);
            t.sendMessage(m, m.getAllRecipients());
            reply = t.getLastServerResponse();
        }
        Matcher queued = Pattern.compile("250 2\\.0\\.0 queued as ([0-9a-f-]{36})").matcher(reply);
        assertTrue(queued.find(), reply);
        String id = queued.group(1);

        Await.until("both copies at GreenMail", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 2);
        MimeMessage received = RelayProfile.backend().getReceivedMessages()[0];
        ByteArrayOutputStream arrived = new ByteArrayOutputStream();
        received.writeTo(arrived);
        assertArrayEquals(body(sent.toByteArray()), body(arrived.toByteArray()), "the MIME body, byte for byte");
        assertEquals("告警：磁盘使用率 95%", received.getSubject());
        assertEquals(m.getMessageID(), received.getMessageID(), "the client's own Message-ID is kept");
        assertNull(received.getHeader("Bcc"), "the Bcc recipient is in the envelope only");
        // GreenMail adds its own trace field on top of mailgate's.
        assertTrue(Arrays.stream(received.getHeader("Received")).anyMatch(r -> r.contains("(mailgate) with ESMTPSA id "
                + id)), String.join("\n", received.getHeader("Received")));
        assertEquals(RelayProfile.LOGIN, ((InternetAddress) received.getFrom()[0]).getAddress());
        assertNull(received.getHeader("X-Mailgate-Original-From"), "the login itself needs no rewrite");

        given().header("Authorization", "Bearer " + RelayProfile.KEY).get("/api/v1/messages/" + id).then()
                .statusCode(200).body("status", equalTo("sent")).body("account", equalTo("qq"));
        // The client's own Message-ID finds it too (a bounce names that one).
        given().header("Authorization", "Bearer " + RelayProfile.KEY).queryParam("messageId", m.getMessageID())
                .get("/api/v1/messages").then().statusCode(200).body("messages.id", equalTo(java.util.List.of(id)));

        // A bounce names the client's Message-ID, and it is tied to the relayed message (read over IMAP from the
        // qq account's mailbox).
        try (ImapMailbox box = new ImapMailbox(RelayProfile.backend().getImaps().getPort(), RelayProfile.LOGIN,
                "abcdefghijklmnop")) {
            String dsn = new String(BounceFixtures.read("postfix-hard-lhost-postfix-04.eml"), StandardCharsets.ISO_8859_1)
                    .replace("<A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>", m.getMessageID())
                    .replace("kijitora@example.co.jp", "carol@example.com");
            box.append("INBOX", dsn.getBytes(StandardCharsets.ISO_8859_1));
        }
        Await.until("the bounce of the relayed message applied", Duration.ofSeconds(30), () -> "bounced".equals(
                given().header("Authorization", "Bearer " + RelayProfile.KEY).get("/api/v1/messages/" + id).then()
                        .extract().path("recipients.find { it.address == 'carol@example.com' }.status")));
        given().header("Authorization", "Bearer " + RelayProfile.KEY).get("/api/v1/messages/" + id).then()
                .body("status", equalTo("sent")).body("recipients.find { it.address == 'alice@example.com' }.status",
                        equalTo("sent"));
        given().header("Authorization", "Bearer " + RelayProfile.KEY).delete("/api/v1/suppressions/carol@example.com")
                .then().statusCode(204);
    }

    @Test
    void aFromOtherThanTheLoginIsRewrittenKeepingTheNameAndReplyTo() throws Exception {
        try (SmtpDialog d = SmtpDialog.tls(relay.tlsPort())) {
            d.send("EHLO grafana.local");
            assertTrue(d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY).startsWith("235"));
            assertTrue(d.send("MAIL FROM:<grafana@alerts.mailgate.test>").startsWith("250"));
            assertTrue(d.send("RCPT TO:<alice@example.com>").startsWith("250"));
            assertTrue(d.send("DATA").startsWith("354"));
            String reply = d.send("From: Grafana <grafana@alerts.mailgate.test>\r\nTo: alice@example.com\r\n"
                    + "Subject: firing\r\n\r\nCPU high\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 queued as "), reply);
        }
        Await.until("the message at GreenMail", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 1);
        MimeMessage received = RelayProfile.backend().getReceivedMessages()[0];
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertEquals(RelayProfile.LOGIN, from.getAddress(), "QQ accepts only its login as From");
        assertEquals("Grafana", from.getPersonal());
        assertEquals("grafana@alerts.mailgate.test", ((InternetAddress) received.getReplyTo()[0]).getAddress());
        assertEquals("Grafana <grafana@alerts.mailgate.test>", received.getHeader("X-Mailgate-Original-From")[0]);
        assertNotNullDate(received);
    }

    @Test
    void aSuppressedRecipientGets550AndTheOthersAreDelivered() throws Exception {
        String dead = "dead." + System.nanoTime() + "@example.com";
        given().header("Authorization", "Bearer " + RelayProfile.KEY).put("/api/v1/suppressions/" + dead).then()
                .statusCode(201);
        try (SmtpDialog d = SmtpDialog.tls(relay.tlsPort())) {
            d.send("EHLO cron.local");
            d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY);
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">").startsWith("250"));
            String refused = d.send("RCPT TO:<" + dead.toUpperCase() + ">");
            assertTrue(refused.startsWith("550 5.1.1 <" + dead.toUpperCase() + ">: recipient suppressed (manual since "),
                    refused);
            assertTrue(d.send("RCPT TO:<alice@example.com>").startsWith("250"));
            assertTrue(d.send("DATA").startsWith("354"));
            assertTrue(d.send("From: " + RelayProfile.LOGIN + "\r\nTo: alice@example.com, " + dead
                    + "\r\nSubject: nightly\r\n\r\nok\r\n.").startsWith("250 2.0.0 queued as "));
        }
        Await.until("the message at GreenMail", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 1);
        Thread.sleep(300);
        MimeMessage[] received = RelayProfile.backend().getReceivedMessages();
        assertEquals(1, received.length, "alice only; nothing for the suppressed address");
    }

    private static void assertNotNullDate(MimeMessage m) throws Exception {
        assertTrue(m.getSentDate() != null, "a Date was added");
        assertTrue(m.getMessageID() != null && m.getMessageID().startsWith("<"), "a Message-ID was added");
    }

    @Test
    void withoutAuthThereIs530AndAWrongKeyGets535() throws Exception {
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            d.send("EHLO tool.local");
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">").startsWith("530 5.7.0"));
        }
        Properties p = clientProperties();
        Session session = Session.getInstance(p);
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> {
            try (Transport t = session.getTransport("smtp")) {
                t.connect("127.0.0.1", relay.port(), RelayProfile.KEY_NAME, "mg_wrong");
            }
        });
        assertTrue(e.getMessage().contains("535 5.7.8"), e.getMessage());
    }

    @Test
    void authIsOfferedOnlyOverTls() throws Exception {
        try (SmtpDialog d = SmtpDialog.plain(relay.port())) {
            String ehlo = d.send("EHLO tool.local");
            assertTrue(ehlo.contains("STARTTLS"), ehlo);
            assertTrue(!ehlo.contains("AUTH"), "AUTH only after STARTTLS: " + ehlo);
            String auth = d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY);
            assertTrue(auth.startsWith("5"), "refused in clear text: " + auth);
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">").startsWith("530"), "and not logged in");
        }
    }

    @Test
    void aSenderTheKeyMayNotUseGets550AndTooManyRecipients452() throws Exception {
        try (SmtpDialog d = SmtpDialog.tls(relay.tlsPort())) {
            d.send("EHLO tool.local");
            d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY);
            assertTrue(d.send("MAIL FROM:<ceo@example.com>").startsWith("550 5.7.1"));
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">").startsWith("250"));
            for (int i = 0; i < 3; i++) {
                assertTrue(d.send("RCPT TO:<r" + i + "@example.com>").startsWith("250"));
            }
            assertTrue(d.send("RCPT TO:<r4@example.com>").startsWith("452"));
            assertTrue(d.send("RSET").startsWith("250"));
            // The header From is checked too, not only the envelope.
            d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            String reply = d.send("From: ceo@example.com\r\nSubject: x\r\n\r\nx\r\n.");
            assertTrue(reply.startsWith("550 5.7.1"), reply);
        }
    }

    /** The key's *@alerts.mailgate.test goes through SenderPatterns here too: look-alike domains get 550. */
    @Test
    void aDomainPatternLetsNoLookAlikeDomainThrough() throws Exception {
        try (SmtpDialog d = SmtpDialog.tls(relay.tlsPort())) {
            d.send("EHLO tool.local");
            d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY);
            assertTrue(d.send("MAIL FROM:<grafana@badalerts.mailgate.test>").startsWith("550 5.7.1"));
            assertTrue(d.send("MAIL FROM:<grafana@alerts.mailgate.test.evil>").startsWith("550 5.7.1"));
            assertTrue(d.send("MAIL FROM:<Grafana@ALERTS.mailgate.test>").startsWith("250"));
        }
    }

    @Test
    void anOversizedMessageGets552() throws Exception {
        try (SmtpDialog d = SmtpDialog.tls(relay.tlsPort())) {
            String ehlo = d.send("EHLO tool.local");
            assertTrue(ehlo.contains("SIZE 204800"), ehlo);
            d.authPlain(RelayProfile.KEY_NAME, RelayProfile.KEY);
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + "> SIZE=300000").startsWith("552"));
            d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">");
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            d.write("Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(250));
            String reply = d.send(".");
            assertTrue(reply.startsWith("552"), reply);
        }
        Thread.sleep(300);
        assertEquals(0, RelayProfile.backend().getReceivedMessages().length);
    }

    @Test
    void theTrustedNetworkSubmitsWithoutAuthWithinItsSenderList() throws Exception {
        try (SmtpDialog d = SmtpDialog.from("127.0.0.2", relay.port())) {
            d.send("EHLO cron.local");
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.LOGIN + ">").startsWith("550 5.7.1"),
                    "the trusted network's own sender list applies");
            assertTrue(d.send("MAIL FROM:<" + RelayProfile.TRUSTED_SENDER + ">").startsWith("250"));
            d.send("RCPT TO:<alice@example.com>");
            d.send("DATA");
            String reply = d.send("Subject: nightly backup\r\n\r\nok\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 queued as "), reply);
        }
        Await.until("the message at GreenMail", Duration.ofSeconds(15),
                () -> RelayProfile.backend().getReceivedMessages().length == 1);
        MimeMessage received = RelayProfile.backend().getReceivedMessages()[0];
        assertEquals(RelayProfile.TRUSTED_SENDER, received.getHeader("X-Mailgate-Original-From")[0],
                "no From in the message: the envelope sender's, then rewritten for the QQ account");
    }

    static Properties clientProperties() {
        Properties p = new Properties();
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        return p;
    }

    /**
     * Everything after the header block, without the line break that ends the last line: SMTP's end of data
     * (CRLF . CRLF) frames it, and servers differ in whether they keep it.
     */
    static byte[] body(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("\r\n\r\n");
        int end = message.length;
        while (end > at + 4 && (message[end - 1] == '\n' || message[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOfRange(message, at + 4, end);
    }
}
