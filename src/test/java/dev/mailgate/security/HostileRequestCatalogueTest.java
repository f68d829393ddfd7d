package dev.mailgate.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile and malformed requests. Each must get a 4xx application/problem+json, and the SMTP server must receive
 * nothing. With keys on, as in production.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class HostileRequestCatalogueTest {

    static final String JSON = "application/json";
    static final String LOGIN = GreenMailResource.LOGIN;

    /** One hostile request: body bytes, content type, key header (or none), method and path. */
    record Hostile(String name, int status, String method, String path, String contentType, byte[] body,
            String keyHeader, String keyValue) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Hostile json(String name, int status, String body) {
        return new Hostile(name, status, "POST", "/api/v1/messages", JSON, body.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + SecuredProfile.KEY);
    }

    /** A valid message with one field replaced by raw JSON. */
    static Hostile with(String name, int status, String field, String rawJsonValue) {
        String base = """
                {"to":["alice@example.com"],"subject":"hi","text":"body","%s":%s}""".formatted(field, rawJsonValue);
        return json(name, status, base.replace("\"" + field + "\":" + rawJsonValue + "}", "\"" + field + "\":" + rawJsonValue + "}"));
    }

    static String attachment(String filename, String type, String content) {
        return "[{\"filename\":" + filename + ",\"contentType\":" + type + ",\"content\":" + content + "}]";
    }

    static Stream<Hostile> catalogue() {
        List<Hostile> c = new ArrayList<>();
        String b64 = "\"aGVsbG8=\"";
        // Header injection: CR/LF wherever a value ends up in a header.
        c.add(with("CRLF in subject", 400, "subject", "\"hi\\r\\nBcc: victim@example.com\""));
        c.add(with("LF alone in subject", 400, "subject", "\"hi\\nX-Evil: 1\""));
        c.add(json("CRLF in display name", 400, """
                {"to":["Evil\\r\\nBcc: victim@example.com <alice@example.com>"],"text":"x"}"""));
        c.add(json("CRLF in address", 400, """
                {"to":["alice@example.com\\r\\nRCPT TO:<victim@example.com>"],"text":"x"}"""));
        c.add(json("CRLF in from", 400, """
                {"from":"bot@mailgate.test\\r\\nBcc: v@example.com","to":["alice@example.com"],"text":"x"}"""));
        c.add(with("CRLF in filename", 400, "attachments", attachment("\"a.txt\\r\\nContent-Type: text/html\"", "\"text/plain\"", b64)));
        c.add(json("CRLF in content id", 400, """
                {"to":["alice@example.com"],"html":"x","inline":[{"contentId":"logo\\r\\nX-Evil: 1","filename":"a.png","contentType":"image/png","content":"aGVsbG8="}]}"""));
        c.add(with("CRLF in custom header name", 400, "headers", "{\"X-A\\r\\nBcc\":\"victim@example.com\"}"));
        c.add(with("CRLF in custom header value", 400, "headers", "{\"X-Request-Id\":\"1\\r\\nBcc: victim@example.com\"}"));
        c.add(with("Bcc smuggled through headers", 400, "headers", "{\"Bcc\":\"victim@example.com\"}"));
        c.add(with("To overridden through headers", 400, "headers", "{\"to\":\"victim@example.com\"}"));
        c.add(with("Content-Type through headers", 400, "headers", "{\"Content-Type\":\"text/html\"}"));
        c.add(with("Message-ID through headers", 400, "headers", "{\"Message-ID\":\"<x@y>\"}"));
        c.add(with("DKIM-Signature through headers", 400, "headers", "{\"DKIM-Signature\":\"v=1\"}"));
        c.add(with("Received through headers", 400, "headers", "{\"Received\":\"from evil\"}"));
        c.add(with("header name with space", 400, "headers", "{\"X Evil\":\"1\"}"));
        c.add(with("header name with colon", 400, "headers", "{\"X-Evil:\":\"1\"}"));
        c.add(with("non-ASCII header value", 400, "headers", "{\"X-Name\":\"张三\"}"));
        c.add(with("NUL byte in subject", 400, "subject", "\"hi\\u0000there\""));
        c.add(with("content-type injection", 400, "attachments", attachment("\"a.txt\"", "\"text/plain\\r\\nBcc: v@example.com\"", b64)));
        c.add(with("content-type with parameters", 400, "attachments", attachment("\"a.txt\"", "\"text/html; charset=\\\"x\\\"\"", b64)));
        // Addresses.
        String tenThousand = IntStream.range(0, 10_000).mapToObj(i -> "\"r" + i + "@example.com\"").collect(Collectors.joining(","));
        c.add(json("10,000 recipients", 400, "{\"to\":[" + tenThousand + "],\"text\":\"x\"}"));
        c.add(json("empty to", 400, "{\"to\":[],\"text\":\"x\"}"));
        c.add(json("missing to", 400, "{\"text\":\"x\"}"));
        c.add(json("null in to", 400, "{\"to\":[null],\"text\":\"x\"}"));
        for (String bad : List.of("a@", "@b", "a@b@c", "<a@b>>", "a b@example.com", "alice@localhost")) {
            c.add(json("address " + bad, 400, "{\"to\":[\"" + bad + "\"],\"text\":\"x\"}"));
        }
        c.add(json("non-ASCII local part (no SMTPUTF8)", 400, "{\"to\":[\"用户@example.com\"],\"text\":\"x\"}"));
        c.add(json("bad reply-to", 400, "{\"to\":[\"alice@example.com\"],\"replyTo\":[\"nope\"],\"text\":\"x\"}"));
        // Content.
        c.add(with("overlong subject", 400, "subject", "\"" + "x".repeat(600) + "\""));
        c.add(json("no text and no html", 400, "{\"to\":[\"alice@example.com\"],\"subject\":\"x\"}"));
        c.add(with("invalid base64", 400, "attachments", attachment("\"a.bin\"", "\"application/octet-stream\"", "\"@@not base64@@\"")));
        c.add(with("path traversal filename", 400, "attachments", attachment("\"../../etc/passwd\"", "\"text/plain\"", b64)));
        c.add(with("windows path filename", 400, "attachments", attachment("\"C:\\\\evil\\\\a.exe\"", "\"application/octet-stream\"", b64)));
        c.add(with("empty filename", 400, "attachments", attachment("\"\"", "\"text/plain\"", b64)));
        c.add(json("duplicate content ids", 400, """
                {"to":["alice@example.com"],"html":"x","inline":[
                 {"contentId":"logo","filename":"a.png","contentType":"image/png","content":"aGVsbG8="},
                 {"contentId":"LOGO","filename":"b.png","contentType":"image/png","content":"aGVsbG8="}]}"""));
        String many = IntStream.range(0, 21).mapToObj(i -> "{\"filename\":\"f" + i + ".txt\",\"content\":\"aGVsbG8=\"}")
                .collect(Collectors.joining(","));
        c.add(with("21 attachments", 400, "attachments", "[" + many + "]"));
        // JSON itself.
        c.add(json("malformed JSON", 400, "{\"to\": [\"alice@example.com\""));
        c.add(json("wrong type: to is a number", 400, "{\"to\":5,\"text\":\"x\"}"));
        c.add(json("wrong type: subject is an object", 400, "{\"to\":[\"alice@example.com\"],\"subject\":{},\"text\":\"x\"}"));
        c.add(json("JSON array instead of object", 400, "[1,2,3]"));
        c.add(json("deeply nested JSON (10k levels)", 400, "{\"headers\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        byte[] badUtf8 = "{\"to\":[\"alice@example.com\"],\"text\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        c.add(new Hostile("invalid UTF-8", 400, "POST", "/api/v1/messages", JSON, badUtf8, "Authorization",
                "Bearer " + SecuredProfile.KEY));
        // HTTP level.
        c.add(new Hostile("wrong Content-Type", 415, "POST", "/api/v1/messages", "text/plain",
                "to=alice@example.com".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + SecuredProfile.KEY));
        c.add(new Hostile("multipart without boundary", 400, "POST", "/api/v1/messages", "multipart/form-data",
                "--x\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\na@example.com\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + SecuredProfile.KEY));
        c.add(json("oversized body", 413, "{\"to\":[\"alice@example.com\"],\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}"));
        c.add(new Hostile("unknown route", 404, "GET", "/api/v1/nope", JSON, new byte[0], "Authorization", "Bearer " + SecuredProfile.KEY));
        c.add(new Hostile("wrong method", 405, "PUT", "/api/v1/messages", JSON, new byte[0], "Authorization", "Bearer " + SecuredProfile.KEY));
        // Keys and senders.
        String ok = "{\"to\":[\"alice@example.com\"],\"text\":\"x\"}";
        c.add(new Hostile("missing key", 401, "POST", "/api/v1/messages", JSON, ok.getBytes(StandardCharsets.UTF_8), null, null));
        c.add(new Hostile("wrong key", 401, "POST", "/api/v1/messages", JSON, ok.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + SecuredProfile.KEY + "x"));
        c.add(new Hostile("wrong X-API-Key", 401, "POST", "/api/v1/messages", JSON, ok.getBytes(StandardCharsets.UTF_8),
                "X-API-Key", "guess"));
        c.add(new Hostile("empty bearer", 401, "POST", "/api/v1/messages", JSON, ok.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer "));
        c.add(new Hostile("basic auth instead of a key", 401, "POST", "/api/v1/messages", JSON, ok.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Basic Ym90OnNlY3JldA=="));
        c.add(new Hostile("key on an unknown route", 401, "GET", "/api/v2/anything", JSON, new byte[0], null, null));
        c.add(json("disallowed From", 403, "{\"from\":\"ceo@bank.example\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}"));
        c.add(json("From in a look-alike domain", 403,
                "{\"from\":\"x@evil-alerts.mailgate.test\",\"to\":[\"alice@example.com\"],\"text\":\"x\"}"));
        return c.stream();
    }

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void nothingWasSent() {
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length, "the SMTP server received mail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isRefusedWithAProblemAndSendsNothing(Hostile h) {
        RequestSpecification request = given().contentType(h.contentType()).body(h.body());
        if (h.keyHeader() != null) {
            request = request.header(h.keyHeader(), h.keyValue());
        }
        request.request(h.method(), h.path())
                .then().statusCode(h.status())
                .contentType("application/problem+json")
                .body("status", equalTo(h.status()))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void theCatalogueIsBigEnough() {
        assertTrue(catalogue().count() >= 40, "at least 40 hostile requests");
    }
}
