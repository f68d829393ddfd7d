package dev.mailgate.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Mime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Template sends through a real SMTP server, checked on the MIME that arrived. */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class TemplateSendTest {

    static final String NOTIFICATION = """
            {"title":"部署完成","message":"版本 1.2 已上线 <script>alert(1)</script> & more","actionUrl":"https://ci.example.com/42","actionLabel":"查看"}""";
    static final String ALERT = """
            {"severity":"CRITICAL","service":"支付服务","summary":"错误率 > 5%","details":"<b>stack</b> & trace",
             "occurredAt":"2026-11-26T08:00:00+08:00","runbookUrl":"https://wiki.example.com/runbook"}""";
    static final String CODE = """
            {"code":"834512","validMinutes":10,"product":"mailgate"}""";
    static final String DIGEST = """
            {"period":"2026-11-26 08:00–09:00","entries":[
              {"time":"2026-11-26T08:01:00Z","level":"ERROR","message":"数据库连接超时 <timeout>"},
              {"time":"2026-11-26T08:05:00Z","level":"WARN","message":"retrying & recovering"}]}""";

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    static MimeMessage send(String name, String data, String locale) {
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name + "\",\"data\":" + data
                        + (locale == null ? "" : ",\"locale\":\"" + locale + "\"") + "}}")
                .post("/api/v1/messages").then().statusCode(200);
        MimeMessage[] received = GreenMailResource.greenMail().getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "notification|部署完成|multipart/alternative[text/plain,multipart/related[text/html,image/png]]",
            "alert|[CRITICAL] 支付服务：错误率 > 5%|multipart/alternative[text/plain,multipart/related[text/html,image/png]]",
            "verification-code|mailgate 验证码：834512|multipart/alternative[text/plain,text/html]",
            "log-digest|日志摘要：2026-11-26 08:00–09:00（2 条）|multipart/alternative[text/plain,text/html]" })
    void everyTemplateArrivesAsAlternativeWithItsChineseSubject(String name, String subject, String structure) throws Exception {
        String data = switch (name) {
            case "notification" -> NOTIFICATION;
            case "alert" -> ALERT;
            case "verification-code" -> CODE;
            default -> DIGEST;
        };
        MimeMessage m = send(name, data, null);
        assertEquals(subject, m.getSubject());
        assertEquals(structure, Mime.structure(m));
        assertTrue(Mime.text(m, "text/plain").contains("mailgate"), "the footer/text variant is there");
    }

    @Test
    void htmlIsEscapedAndTextIsVerbatim() throws Exception {
        MimeMessage m = send("notification", NOTIFICATION, null);
        String html = Mime.text(m, "text/html");
        String text = Mime.text(m, "text/plain");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(text.contains("版本 1.2 已上线 <script>alert(1)</script> & more"), text);
        assertTrue(html.contains("href=\"https://ci.example.com/42\""), html);
    }

    @Test
    void theLogoArrivesInlineWithTheCidTheHtmlUses() throws Exception {
        MimeMessage m = send("alert", ALERT, null);
        BodyPart logo = Mime.leaves(m).get(2);
        assertEquals("<mailgate-logo>", logo.getHeader("Content-ID")[0]);
        assertTrue(Mime.text(m, "text/html").contains("cid:mailgate-logo"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("mail/logo.png")) {
            assertArrayEquals(in.readAllBytes(), Mime.bytes(logo));
        }
        assertTrue(Mime.text(m, "text/html").contains("&lt;b&gt;stack&lt;/b&gt; &amp; trace"));
        assertTrue(Mime.text(m, "text/html").contains("color: #cf222e"), "a CRITICAL alert is red");
    }

    @Test
    void timesKeepTheirOffsetAndSecondsInTheReadersFormat() throws Exception {
        MimeMessage zh = send("alert", ALERT.replace("08:00:00+08:00", "08:00:07+08:00"), null);
        assertTrue(Mime.text(zh, "text/plain").contains("2026-11-26 08:00:07 (UTC+08:00)"), Mime.text(zh, "text/plain"));
        assertTrue(Mime.text(zh, "text/html").contains("2026-11-26 08:00:07 (UTC+08:00)"));
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        MimeMessage en = send("alert", ALERT, "en");
        assertTrue(Mime.text(en, "text/plain").contains("26 Nov 2026, 08:00:00 (UTC+08:00)"), Mime.text(en, "text/plain"));
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        MimeMessage digest = send("log-digest", DIGEST, "en");
        assertTrue(Mime.text(digest, "text/plain").contains("26 Nov 2026, 08:01:00 (UTC) ERROR"), Mime.text(digest, "text/plain"));
    }

    @Test
    void theEnglishDigestSubjectCountsInTheSingular() throws Exception {
        MimeMessage one = send("log-digest", """
                {"period":"today","entries":[{"time":"2026-11-26T08:01:00Z","level":"ERROR","message":"x"}]}""", "en");
        assertEquals("Log digest: today (1 entry)", one.getSubject());
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        assertEquals("Log digest: 2026-11-26 08:00–09:00 (2 entries)", send("log-digest", DIGEST, "en").getSubject());
    }

    @Test
    void englishIsOfferedThroughLocale() throws Exception {
        MimeMessage m = send("verification-code", CODE, "en");
        assertEquals("Your mailgate code: 834512", m.getSubject());
        assertTrue(Mime.text(m, "text/plain").contains("Valid for 10 minutes"));
    }

    @Test
    void invalidDataNamesTheFieldAndSendsNothing() {
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"alert\",\"data\":{\"severity\":\"CRITICAL\",\"summary\":\"x\",\"occurredAt\":\"2026-11-26T08:00:00Z\"}}}")
                .post("/api/v1/messages").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("template.data.service"));
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"verification-code\",\"data\":{\"code\":\"1\",\"validMinutes\":\"soon\",\"product\":\"x\"}}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", hasItem("template.data.validMinutes"));
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"alert\",\"data\":{\"severity\":\"MEH\",\"service\":\"s\",\"summary\":\"x\",\"occurredAt\":\"2026-11-26T08:00:00Z\"}}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", hasItem("template.data.severity"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }

    @Test
    void unknownTemplateAndLocaleAreNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"nope\",\"data\":{}}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", hasItem("template.name"))
                .body("errors.message", hasItem(containsString("'nope'")));
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"verification-code\",\"data\":" + CODE + ",\"locale\":\"fr\"}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", hasItem("template.locale"));
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"template\":{\"name\":\"verification-code\",\"data\":" + CODE + "}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", hasItem("template"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }

    @Test
    void listingDerivesTheSchemaFromTheRecords() {
        given().get("/api/v1/templates").then().statusCode(200)
                .body("name", hasItems("notification", "alert", "verification-code", "log-digest"))
                .body("find { it.name == 'alert' }.data.find { it.name == 'severity' }.values", hasItems("CRITICAL", "WARNING", "INFO"))
                .body("find { it.name == 'alert' }.data.find { it.name == 'severity' }.required", equalTo(true))
                .body("find { it.name == 'alert' }.data.find { it.name == 'runbookUrl' }.required", equalTo(false))
                .body("find { it.name == 'alert' }.data.find { it.name == 'occurredAt' }.format", equalTo("date-time"))
                .body("find { it.name == 'verification-code' }.data.find { it.name == 'validMinutes' }.type", equalTo("integer"))
                .body("find { it.name == 'log-digest' }.data.find { it.name == 'entries' }.items.name", hasItems("time", "level", "message"));
    }

    @Test
    void previewRendersWithoutSending() {
        given().contentType(ContentType.JSON).body("{\"data\":" + NOTIFICATION + ",\"locale\":\"en\"}")
                .post("/api/v1/templates/notification/preview").then().statusCode(200)
                .body("subject", equalTo("部署完成"))
                .body("html", containsString("&lt;script&gt;"))
                .body("html", not(containsString("<script>")))
                .body("text", containsString("<script>alert(1)</script>"))
                .body("text", containsString("Sent automatically by mailgate."))
                .body("inline", hasItem("cid:mailgate-logo"));
        given().contentType(ContentType.JSON).body("{\"data\":{}}")
                .post("/api/v1/templates/notification/preview").then().statusCode(400)
                .body("errors.field", hasItems("template.data.title", "template.data.message"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }
}
