package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mailgate.support.CurlForm;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Nothing a caller sends is dropped silently: an unknown field or part is a 400 naming it (with the name it was
 * probably meant to be), a value of the wrong type says what was expected, and every bad field is listed at once.
 * The SMTP server receives nothing.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class StrictRequestTest {

    static final byte[] PDF = "%PDF-1.4\n% test\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void nothingWasSent() {
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length, "the SMTP server received mail");
    }

    @Test
    void anUnknownJsonFieldIsNamedWithASuggestion() {
        json("""
                {"to":["alice@example.com"],"text":"x",
                 "attachment":[{"filename":"a.txt","content":"aGk="}]}""").statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("attachment"))
                .body("errors[0].message", containsString("did you mean `attachments`?"));
    }

    @ParameterizedTest(name = "-F {0}=@report.pdf")
    @CsvSource({ "attachments", "file" })
    void anUnknownMultipartPartIsNamedWithASuggestion(String part) {
        byte[] form = new CurlForm().field("to", "alice@example.com").field("subject", "report").field("text", "x")
                .file(part, "report.pdf", "application/pdf", PDF).build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(400)
                .body("errors[0].field", equalTo(part))
                .body("errors[0].message", containsString("did you mean `attachment`?"));
    }

    @Test
    void aFileWhereATextFieldBelongsIsReadAsTheText() throws Exception {
        byte[] form = new CurlForm().field("to", "alice@example.com").field("subject", "page")
                .file("html", "page.html", "text/html", "<p>from a file</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(200);
        var m = GreenMailResource.greenMail().getReceivedMessages()[0];
        assertEquals("<p>from a file</p>", dev.mailgate.support.Mime.text(m, "text/html").trim());
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void anUnknownTemplateFieldIsNamedWithASuggestion() {
        json("""
                {"to":["alice@example.com"],"template":{"name":"alert","data":{
                  "sevrity":"CRITICAL","service":"payments","summary":"x","occurredAt":"2026-11-26T08:00:00+08:00"}}}""")
                .statusCode(400)
                .body("errors.find { it.field == 'template.data.sevrity' }.message",
                        containsString("did you mean `severity`?"));
    }

    @Test
    void typeErrorsSayWhatIsExpected() {
        json("""
                {"to":["alice@example.com"],"template":{"name":"alert","data":{
                  "severity":"urgent","service":"payments","summary":"x","occurredAt":"yesterday"}}}""")
                .statusCode(400)
                .body("errors.find { it.field == 'template.data.severity' }.message",
                        containsString("must be one of CRITICAL, WARNING, INFO"))
                .body("errors.find { it.field == 'template.data.occurredAt' }.message",
                        containsString("an ISO-8601 date-time with an offset, e.g. 2026-11-26T08:00:00+08:00"));
        json("""
                {"to":["alice@example.com"],"template":{"name":"alert","data":{
                  "severity":"INFO","service":"payments","summary":"x","occurredAt":"2026-11-26T08:00:00"}}}""")
                .statusCode(400)
                .body("errors.find { it.field == 'template.data.occurredAt' }.message", containsString("with an offset"));
        json("""
                {"to":["alice@example.com"],"template":{"name":"verification-code","data":{
                  "code":"834512","validMinutes":"ten","product":"mailgate"}}}""")
                .statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("template.data.validMinutes"))
                .body("errors[0].message", containsString("an integer from 1 to 1440"));
    }

    @Test
    void threeBadFieldsGiveThreeErrors() {
        json("""
                {"to":["not-an-address"],"subject":{"oops":1},"text":"x","headers":{"Bcc":"evil@example.com"}}""")
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("to[0]", "subject", "headers[Bcc]"))
                .body("errors.find { it.field == 'subject' }.message", containsString("must be a string"));
    }

    @Test
    void lowercaseEnumValuesAreAccepted() throws Exception {
        json("""
                {"to":["alice@example.com"],"template":{"name":"alert","data":{
                  "severity":"critical","service":"payments","summary":"x","occurredAt":"2026-11-26T08:00:00+08:00"}}}""")
                .statusCode(200);
        assertEquals(1, GreenMailResource.greenMail().getReceivedMessages().length);
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @Test
    void previewIsAsStrictAsSending() {
        given().contentType(ContentType.JSON).body("""
                {"dta":{"code":"834512","validMinutes":10,"product":"mailgate"}}""")
                .post("/api/v1/templates/verification-code/preview").then().statusCode(400)
                .body("errors[0].field", equalTo("dta"))
                .body("errors[0].message", containsString("did you mean `data`?"));
    }

    private static ValidatableResponse json(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/messages").then();
    }
}
