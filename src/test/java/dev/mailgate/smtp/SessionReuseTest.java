package dev.mailgate.smtp;

import static dev.mailgate.support.FaultSmtpServer.Action.reply;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.CurlForm;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A refusal inside a transaction leaves the session usable: RSET, and the connection stays in the pool. Against QQ,
 * whose limit is on connection frequency, reconnecting after every refused recipient is what triggers it.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class SessionReuseTest {

    FaultSmtpServer server;

    @BeforeEach
    void fresh() throws Exception {
        server = FaultServerProfile.Resource.server();
        server.reset();
        Thread.sleep(100);
    }

    @Test
    void refusedRecipientsAreResetOnOneConnection() {
        for (int i = 0; i < 3; i++) {
            server.on(Step.RCPT, reply(550, "5.1.1 <alice@example.com>: Recipient address rejected: User unknown"));
        }
        for (int i = 0; i < 3; i++) {
            Requests.sendMinimal().statusCode(422).body("outcome", equalTo("permanent_recipient"));
        }
        Requests.sendMinimal().statusCode(200);

        assertEquals(1, server.connections(), "every refusal and the send after them used one connection");
        assertEquals(3, server.commands("RSET"));
        assertEquals(0, server.commands("QUIT"));
        assertEquals(1, server.accepted());
    }

    @Test
    void aMixedRequestSendsNothingAndEndsWithRsetBeforeTheData() {
        server.on(Step.RCPT, reply(250, "2.1.5 Ok"), reply(550, "5.1.1 <bob@example.com>: User unknown"));
        given().contentType(ContentType.JSON)
                .body("""
                        {"to":["alice@example.com","bob@example.com"],"subject":"x","text":"x"}""")
                .post("/api/v1/messages").then().statusCode(422)
                .body("smtpReply", containsString("bob@example.com"));

        assertEquals(0, server.commands("DATA"), "DATA is never sent while a recipient is refused");
        assertEquals(1, server.commands("RSET"));
        assertEquals(0, server.accepted());
        Requests.sendMinimal().statusCode(200);
        assertEquals(1, server.connections());
    }

    /** A server that takes DATA although no recipient was accepted: a lone dot ends it, delivering to nobody. */
    @Test
    void aLoneDotEndsDataThatNoRecipientCanReceive() {
        server.on(Step.RCPT, reply(550, "5.1.1 User unknown"));
        server.on(Step.DATA, reply(354, "go ahead"));
        Requests.sendMinimal().statusCode(422).body("outcome", equalTo("permanent_recipient"));
        assertEquals(0, server.accepted());
        assertEquals(List.of(), server.receivedSizes().stream().filter(n -> n > 0).toList(), "no message data was sent");
        Requests.sendMinimal().statusCode(200);
        assertEquals(1, server.connections(), "the session was clean again");
    }

    @Test
    void aMessageRefusedAtTheEndOfItsDataKeepsTheConnection() {
        server.on(Step.DOT, reply(554, "5.7.1 Message rejected as spam"));
        Requests.sendMinimal().statusCode(422).body("outcome", equalTo("permanent_content"));
        Requests.sendMinimal().statusCode(200);
        assertEquals(1, server.connections());
        assertEquals(1, server.accepted());
    }

    /** A 775 KB file: its base64 line breaks count, so a server limit just below the real size refuses it up front. */
    @Test
    void theDeclaredSizeCoversTheEncodedMessage() {
        byte[] file = new byte[775_000];
        new java.util.Random(42).nextBytes(file);
        send(file).statusCode(200);
        long declared = server.declaredSizes().getFirst();
        long received = server.receivedSizes().getFirst();
        assertTrue(declared >= received, "SIZE=" + declared + " is below the " + received + " bytes that arrived");
        assertTrue(declared <= received + 16, "SIZE=" + declared + " overstates the " + received + " bytes");

        server.reset();
        server.sizeLimit(received - 500);
        send(file).statusCode(422)
                .body("outcome", equalTo("permanent_content"))
                .body("smtpCode", equalTo(552))
                .body("detail", containsString("larger than the server's limit"));
        assertEquals(List.of(), server.receivedSizes(), "refused before uploading a byte");
        assertEquals(List.of(), server.declaredSizes(), "nor was MAIL sent");
    }

    /** The encoder folds long headers with a bare LF; on the wire every line must end in CRLF. */
    @Test
    void foldedHeadersEndInCrlf() {
        byte[] body = new CurlForm().field("to", "张三 <alice@example.com>")
                .field("subject", "A subject long enough that it has to be folded onto several lines by the encoder, 部署完成")
                .field("text", "x")
                .file("attachment", "一个相当长的中文文件名，长到参数必须折行才能放得下的季度报告（终版）.pdf", "application/pdf", new byte[] { 1 })
                .build();
        given().contentType(CurlForm.contentType()).body(body).post("/api/v1/messages").then().statusCode(200);
        assertEquals(1, server.accepted());
        assertEquals(0, server.bareLineFeeds(), "no line of the message may contain a bare LF");
    }

    private static io.restassured.response.ValidatableResponse send(byte[] file) {
        byte[] body = new CurlForm().field("to", "alice@example.com").field("subject", "report").field("text", "see file")
                .file("attachment", "report.bin", "application/octet-stream", file).build();
        return given().contentType(CurlForm.contentType()).body(body).post("/api/v1/messages").then();
    }
}
