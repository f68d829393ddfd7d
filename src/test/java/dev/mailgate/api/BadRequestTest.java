package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Bad input gets a 4xx problem naming the field, and the SMTP server receives nothing. */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class BadRequestTest {

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void nothingWasSent() {
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length, "the SMTP server received mail");
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("missing to", """
                        {"subject":"x","text":"x"}""", "to", "at least one recipient is required"),
                Arguments.of("empty to", """
                        {"to":[],"text":"x"}""", "to", "at least one recipient is required"),
                Arguments.of("bad address", """
                        {"to":["alice@example.com","not-an-address"],"text":"x"}""", "to[1]", "local@domain"),
                Arguments.of("no body", """
                        {"to":["alice@example.com"],"subject":"x"}""", "text", "text or html is required"),
                Arguments.of("bad base64", """
                        {"to":["alice@example.com"],"text":"x",
                         "attachments":[{"filename":"a.bin","content":"not base64!"}]}""",
                        "attachments[0].content", "base64"),
                Arguments.of("attachment without name", """
                        {"to":["alice@example.com"],"text":"x","attachments":[{"content":"AAAA"}]}""",
                        "attachments[0].filename", "required"),
                Arguments.of("CRLF in subject", """
                        {"to":["alice@example.com"],"subject":"hi\\r\\nBcc: evil@example.com","text":"x"}""",
                        "subject", "CR, LF"),
                Arguments.of("protected header", """
                        {"to":["alice@example.com"],"text":"x","headers":{"Bcc":"evil@example.com"}}""",
                        "headers[Bcc]", "cannot be overridden"),
                Arguments.of("inline without content id", """
                        {"to":["alice@example.com"],"html":"x",
                         "inline":[{"filename":"a.png","contentType":"image/png","content":"AAAA"}]}""",
                        "inline[0].contentId", "required"),
                Arguments.of("non-ASCII local part", """
                        {"to":["用户@example.com"],"text":"x"}""", "to[0]", "SMTPUTF8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void invalidFieldIs400NamingTheField(String name, String body, String field, String message) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/messages")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mailgate:problem:validation"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void everyInvalidFieldIsListedAtOnce() {
        given().contentType(ContentType.JSON).body("""
                {"to":["bad"],"cc":["also bad"],"attachments":[{"filename":"a","content":"%%%"}]}""")
                .post("/api/v1/messages")
                .then().statusCode(400)
                .body("errors", hasSize(4))
                .body("errors.field", hasItem("attachments[0].content"))
                .body("errors.field", hasItem("cc[0]"))
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("to[0]"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"to\": [").post("/api/v1/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mailgate:problem:malformed-json"));
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"text":"x","attachments":"nope"}""").post("/api/v1/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("attachments"));
    }

    @Test
    void emptyBodyIs400() {
        given().contentType(ContentType.JSON).body("").post("/api/v1/messages")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        given().contentType(ContentType.XML).body("<mail/>").post("/api/v1/messages")
                .then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void oversizedBodyIs413() {
        String big = "A".repeat(3 * 1024 * 1024);
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"attachments\":[{\"filename\":\"big\",\"content\":\""
                        + big + "\"}]}")
                .post("/api/v1/messages")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    /** JSON is parsed in memory, so it has its own, lower limit, and the answer says what to do instead. */
    @Test
    void jsonOverItsOwnLimitIs413PointingToMultipart() {
        String big = "A".repeat(1_500_000);
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"attachments\":[{\"filename\":\"big\",\"content\":\""
                        + big + "\"}]}")
                .post("/api/v1/messages")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("mailgate.limits.max-json-size"))
                .body("hint", containsString("multipart/form-data"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);
    }

    @Test
    void unknownRouteIsProblemJson() {
        given().get("/api/v1/nope").then().statusCode(404).contentType("application/problem+json");
        given().get("/no/such/page").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIsProblemJson() {
        given().delete("/api/v1/messages").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void severalAddressesInOneStringSayGiveOnePerElement() {
        given().contentType(ContentType.JSON).body("""
                {"to":["Alice <alice@example.com>, bob@example.com"],"text":"x"}""")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors[0].field", equalTo("to[0]"))
                .body("errors[0].message", containsString("more than one address"));
    }

    @Test
    void aMessageIdTypedWithoutEncodingGetsAProblemNotAnEmpty400() throws Exception {
        // curl sends the angle brackets as they are (HTTP clients in Java refuse to), so this speaks HTTP itself.
        String response = rawGet("/api/v1/messages?messageId=<abc@mailgate.test>");
        org.junit.jupiter.api.Assertions.assertTrue(response.startsWith("HTTP/1.1 400"), response);
        org.junit.jupiter.api.Assertions.assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        org.junit.jupiter.api.Assertions.assertTrue(response.contains("--data-urlencode"), response);
    }

    @Test
    void withoutTheMockMailerTheLandingPageHasNoDevOutbox() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(page.contains("/dev/outbox"), page);
        org.junit.jupiter.api.Assertions.assertTrue(page.contains("/messages"), page);
    }

    private static String rawGet(String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
