package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.CurlForm;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Mime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Round trips through the real API and a real SMTPS server with AUTH; asserts on the MIME that arrived. */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class MessageDeliveryTest {

    /** A 1x1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    static final byte[] PDF = "%PDF-1.4\n% test document\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    static MimeMessage only() {
        MimeMessage[] received = GreenMailResource.greenMail().getReceivedMessages();
        assertEquals(1, received.length, "exactly one message must arrive");
        return received[0];
    }

    @Test
    void plainTextArrivesWithTheMessageIdWeReturn() throws Exception {
        String messageId = given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com"],"subject":"Hello","text":"Plain body"}""")
                .post("/api/v1/messages")
                .then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("accepted", contains("alice@example.com"))
                .body("attempts", equalTo(1))
                .body("durationMs", greaterThanOrEqualTo(0))
                .extract().path("messageId");

        MimeMessage m = only();
        assertEquals(messageId, m.getMessageID());
        assertEquals("Hello", m.getSubject());
        assertTrue(m.isMimeType("text/plain"));
        assertEquals("Plain body", ((String) m.getContent()).trim());
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertEquals(GreenMailResource.LOGIN, from.getAddress());
        assertEquals("Mailgate Bot", from.getPersonal());
    }

    /** Lines that start with "." are doubled on the wire and undone by the server; a lone "." must not end the data. */
    @Test
    void linesStartingWithADotSurviveTheTrip() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com"],"subject":"dots","text":".\\n..two\\n.three\\nlast"}""")
                .post("/api/v1/messages")
                .then().statusCode(200);
        String body = ((String) only().getContent()).replace("\r\n", "\n");
        assertEquals(".\n..two\n.three\nlast", body.trim());
    }

    @Test
    void textAndHtmlBecomeMultipartAlternative() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":"alice@example.com","subject":"Both","text":"plain version","html":"<p>html version</p>"}""")
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = only();
        assertEquals("multipart/alternative[text/plain,text/html]", Mime.structure(m));
        assertEquals("plain version", Mime.text(m, "text/plain").trim());
        assertEquals("<p>html version</p>", Mime.text(m, "text/html").trim());
    }

    @Test
    void chineseSubjectDisplayNameAndAttachmentNameDecode() throws Exception {
        String longName = "二零二六年第四季度华东区销售业绩与客户满意度调查综合分析报告（最终版，请勿外传）.pdf";
        given().contentType(ContentType.JSON)
                .body("""
                        {"from":"张三 <%s>","to":["李四 <li@example.com>"],"subject":"构建报告：全部通过 ✅",
                         "text":"你好，世界","attachments":[
                           {"filename":"报告.pdf","contentType":"application/pdf","content":"%s"},
                           {"filename":"%s","contentType":"application/pdf","content":"%s"}]}"""
                        .formatted(GreenMailResource.LOGIN, b64(PDF), longName, b64(PDF)))
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = only();
        assertEquals("构建报告：全部通过 ✅", m.getSubject());
        assertEquals("张三", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals("李四", ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
        assertEquals("你好，世界", Mime.text(m, "text/plain").trim());
        List<BodyPart> leaves = Mime.leaves(m);
        assertEquals("报告.pdf", leaves.get(1).getFileName());
        assertEquals(longName, leaves.get(2).getFileName());
        assertArrayEquals(PDF, Mime.bytes(leaves.get(1)));
        // The QQ-readable form is there too, and no RFC 2231 continuation (which QQ shows as tcmime.*.bin).
        String raw = Mime.raw(m);
        assertTrue(raw.contains("filename=\"=?UTF-8?B?"), raw);
        assertFalse(raw.contains("filename*0"), raw);
        assertTrue(raw.lines().allMatch(l -> l.length() <= 998));
    }

    @Test
    void inlineImageIsRelatedAndReferencedByCid() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com"],"subject":"Logo","html":"<img src=\\"cid:logo\\">",
                         "inline":[{"contentId":"logo","filename":"logo.png","contentType":"image/png","content":"%s"}]}"""
                        .formatted(b64(PNG)))
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = only();
        assertEquals("multipart/related[text/html,image/png]", Mime.structure(m));
        BodyPart image = Mime.leaves(m).get(1);
        assertEquals("<logo>", image.getHeader("Content-ID")[0]);
        assertEquals("inline", image.getDisposition());
        assertArrayEquals(PNG, Mime.bytes(image));
        assertTrue(Mime.text(m, "text/html").contains("cid:logo"));
    }

    @Test
    void attachmentsWithInlineImageNestMixedAlternativeRelated() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com"],"subject":"All","text":"see html","html":"<img src=\\"cid:logo\\">",
                         "inline":[{"contentId":"logo","filename":"logo.png","contentType":"image/png","content":"%s"}],
                         "attachments":[{"filename":"a.pdf","contentType":"application/pdf","content":"%s"},
                                        {"filename":"b.txt","contentType":"text/plain","content":"%s"}]}"""
                        .formatted(b64(PNG), b64(PDF), b64("bee".getBytes(StandardCharsets.UTF_8))))
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = only();
        assertEquals("multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png]],"
                + "application/pdf,text/plain]", Mime.structure(m));
        List<BodyPart> leaves = Mime.leaves(m);
        assertEquals("a.pdf", leaves.get(3).getFileName());
        assertEquals("b.txt", leaves.get(4).getFileName());
        assertEquals("bee", new String(Mime.bytes(leaves.get(4)), StandardCharsets.UTF_8));
    }

    @Test
    void ccAndBccReachTheirMailboxesAndBccIsNotInHeaders() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["to@to.example"],"cc":["cc@cc.example"],"bcc":["hidden@bcc.example"],
                         "subject":"Copies","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(200)
                .body("accepted", contains("to@to.example", "cc@cc.example", "hidden@bcc.example"));

        var gm = GreenMailResource.greenMail();
        assertEquals(3, gm.getReceivedMessages().length, "one delivery per envelope recipient");
        assertEquals(1, inbox("to@to.example").size());
        assertEquals(1, inbox("cc@cc.example").size());
        MimeMessage hidden = inbox("hidden@bcc.example").get(0).getMimeMessage();
        assertNull(hidden.getHeader("Bcc"));
        assertFalse(Mime.raw(hidden).contains("hidden@bcc.example"));
        assertEquals("cc@cc.example", ((InternetAddress) hidden.getRecipients(Message.RecipientType.CC)[0]).getAddress());
    }

    @Test
    void customHeaderAndReplyToArrive() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com"],"replyTo":["help@example.com"],"subject":"H","text":"x",
                         "headers":{"X-Request-Id":"req-42"}}""")
                .post("/api/v1/messages").then().statusCode(200);

        MimeMessage m = only();
        assertEquals("req-42", m.getHeader("X-Request-Id")[0]);
        assertEquals("help@example.com", ((InternetAddress) m.getReplyTo()[0]).getAddress());
    }

    @Test
    void multipartFormDeliversTheSameMessageAsJson() throws Exception {
        Path file = Files.createTempFile("mg", ".pdf");
        Files.write(file, PDF);
        Path logo = Files.createTempFile("mg", ".png");
        Files.write(logo, PNG);

        byte[] form = new CurlForm()
                .field("to", "alice@example.com")
                .field("cc", "cc@example.com")
                .field("subject", "报告")
                .field("text", "hi")
                .field("html", "<img src=\"cid:logo.png\">")
                .field("header", "X-Request-Id: form-1")
                .file("attachment", "报告.pdf", "application/pdf", Files.readAllBytes(file))
                .file("inline", "logo.png", "image/png", Files.readAllBytes(logo))
                .build();
        String messageId = given().contentType(CurlForm.contentType()).body(form)
                .post("/api/v1/messages")
                .then().statusCode(200).body("status", equalTo("sent"))
                .extract().path("messageId");

        MimeMessage m = GreenMailResource.greenMail().getReceivedMessagesForDomain("alice@example.com")[0];
        assertEquals(messageId, m.getMessageID());
        assertEquals("报告", m.getSubject());
        assertEquals("form-1", m.getHeader("X-Request-Id")[0]);
        assertEquals("multipart/mixed[multipart/alternative[text/plain,multipart/related[text/html,image/png]],"
                + "application/pdf]", Mime.structure(m));
        List<BodyPart> leaves = Mime.leaves(m);
        assertEquals("<logo.png>", leaves.get(2).getHeader("Content-ID")[0]);
        assertEquals("报告.pdf", leaves.get(3).getFileName());
        assertArrayEquals(PDF, Mime.bytes(leaves.get(3)));
        assertNotNull(GreenMailResource.greenMail().getReceivedMessagesForDomain("cc@example.com")[0]);
    }

    /**
     * A file upload is streamed from disk in chunks as the connection drains; an odd size exercises the base64
     * carry-over between chunks. The bytes that arrive must be exactly the bytes sent.
     */
    @Test
    void largeStreamedAttachmentArrivesByteForByte() throws Exception {
        byte[] data = new byte[1_234_567];
        new java.util.Random(42).nextBytes(data);
        byte[] form = new CurlForm().field("to", "alice@example.com").field("subject", "big").field("text", "see file")
                .file("attachment", "data.bin", "application/octet-stream", data).build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(200);

        List<BodyPart> leaves = Mime.leaves(only());
        assertEquals("data.bin", leaves.get(1).getFileName());
        assertArrayEquals(data, Mime.bytes(leaves.get(1)));
    }

    /** A large base64 attachment from JSON is streamed out of memory in chunks; the bytes must survive that too. */
    @Test
    void largeJsonAttachmentArrivesByteForByte() throws Exception {
        byte[] data = new byte[600_001];
        new java.util.Random(7).nextBytes(data);
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"big\",\"text\":\"x\",\"attachments\":"
                        + "[{\"filename\":\"data.bin\",\"content\":\"" + Base64.getEncoder().encodeToString(data) + "\"}]}")
                .post("/api/v1/messages").then().statusCode(200);
        List<BodyPart> leaves = Mime.leaves(only());
        assertEquals("data.bin", leaves.get(1).getFileName());
        assertArrayEquals(data, Mime.bytes(leaves.get(1)));
    }

    /** What the SMTP envelope delivered to this mailbox (headers say nothing about Bcc). */
    static List<com.icegreen.greenmail.store.StoredMessage> inbox(String email) throws Exception {
        var gm = GreenMailResource.greenMail();
        var user = gm.getUserManager().getUserByEmail(email);
        assertNotNull(user, "no mailbox for " + email);
        return gm.getManagers().getImapHostManager().getInbox(user).getMessages();
    }

    static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
