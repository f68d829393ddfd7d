package dev.mailgate.template.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Mime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Templates through the API: created, read back, replaced (a new version), refused with every problem (the live
 * version stays), removed and restored from an old version; every send checked on what reached GreenMail.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class StoredTemplateTest {

    static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"maxLength\":100},\"code\":{\"type\":\"integer\",\"minimum\":0}}}";

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    static String body(String html) {
        return "{\"schema\":" + SCHEMA + ",\"subject\":\"Hi {data.name}\",\"html\":\"" + html + "\","
                + "\"text\":\"{data.name} {data.code ?: 0}\",\"locales\":{\"en\":{\"subject\":\"Hello {data.name}\"}}}";
    }

    static MimeMessage send(String name, String locale) throws Exception {
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name
                + "\",\"data\":{\"name\":\"<Ann>\",\"code\":7}" + (locale == null ? "" : ",\"locale\":\"" + locale + "\"")
                + "}}").post("/api/v1/messages").then().statusCode(200);
        MimeMessage[] received = GreenMailResource.greenMail().getReceivedMessages();
        assertEquals(1, received.length);
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        return received[0];
    }

    @Test
    void createReadReplaceRefuseRemoveAndRestore() throws Exception {
        String name = "welcome-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(body("<p>{data.name}</p>")).put("/api/v1/templates/" + name)
                .then().statusCode(201).header("Location", containsString("/api/v1/templates/" + name))
                .body("origin", equalTo("api")).body("version", equalTo(1)).body("subject", equalTo("Hi {data.name}"));
        given().get("/api/v1/templates/" + name).then().statusCode(200).body("version", equalTo(1))
                .body("schema.required", equalTo(List.of("name"))).body("locales.en.subject", equalTo("Hello {data.name}"))
                .body("html", equalTo("<p>{data.name}</p>"));
        given().get("/api/v1/templates").then().body("find { it.name == '" + name + "' }.origin", equalTo("api"));
        MimeMessage m = send(name, null);
        assertEquals("Hi <Ann>", m.getSubject());
        assertEquals("<p>&lt;Ann&gt;</p>", Mime.text(m, "text/html"));
        assertEquals("<Ann> 7", Mime.text(m, "text/plain"));
        assertEquals("Hello <Ann>", send(name, "en").getSubject());

        // The same body again changes nothing; a new one is version 2.
        given().contentType(ContentType.JSON).body(body("<p>{data.name}</p>")).put("/api/v1/templates/" + name)
                .then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(body("<h1>{data.name}</h1>")).put("/api/v1/templates/" + name)
                .then().statusCode(200).body("version", equalTo(2));
        assertEquals("<h1>&lt;Ann&gt;</h1>", Mime.text(send(name, null), "text/html"));

        // Refused: every problem at once, by field, line and column; version 2 stays live.
        given().contentType(ContentType.JSON).body("{\"schema\":{\"type\":\"object\",\"properties\":{\"name\":"
                + "{\"type\":\"string\",\"pattern\":\"x\"}}},\"subject\":\"{data.nmae}\",\"html\":\"ok\\n {#for x in"
                + " data.name}{/for}\",\"locales\":{\"en\":{\"text\":\"{config:quarkus.mailer.password}\"}}}")
                .put("/api/v1/templates/" + name).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mailgate:problem:template-invalid"))
                .body("errors.field", equalTo(List.of("schema.properties.name.pattern")))
                .body("errors[0].message", containsString("`pattern` is outside the supported subset"));
        given().contentType(ContentType.JSON).body("{\"schema\":" + SCHEMA + ",\"subject\":\"{data.nmae}\",\"html\":"
                + "\"ok\\n {#for x in data.name}{/for}\",\"locales\":{\"en\":{\"text\":"
                + "\"{config:quarkus.mailer.password}\"}},\"inline\":[{\"contentId\":\"a.png\",\"content\":\"%%\"}]}")
                .put("/api/v1/templates/" + name).then().statusCode(400)
                .body("errors.field", equalTo(List.of("inline[0].content", "locales.en.text", "html", "subject")))
                .body("errors.message", equalTo(List.of("must be base64",
                        "line 1, column 1: `config:` is not allowed: a template sees only its data",
                        "line 2, column 2: {#for} over `data.name`, which is a string, not an array",
                        "line 1, column 1: `data.nmae`: `data` has no field `nmae`; did you mean `name`?")));
        assertEquals("<h1>&lt;Ann&gt;</h1>", Mime.text(send(name, null), "text/html"));

        given().get("/api/v1/templates/" + name + "/versions").then().statusCode(200)
                .body("version", equalTo(List.of(2, 1))).body("live", equalTo(List.of(true, false)));
        given().get("/api/v1/templates/" + name + "/versions/1").then().statusCode(200)
                .body("html", equalTo("<p>{data.name}</p>"));

        given().delete("/api/v1/templates/" + name).then().statusCode(204);
        given().delete("/api/v1/templates/" + name).then().statusCode(404);
        given().get("/api/v1/templates/" + name).then().statusCode(404);
        given().get("/api/v1/templates").then().body("name", not(hasItem(name)));
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name
                + "\",\"data\":{\"name\":\"x\"}}}").post("/api/v1/messages").then().statusCode(400)
                .body("errors[0].message", containsString("unknown template"));

        // Restored from version 1: a new version 3, created again.
        String v1 = given().get("/api/v1/templates/" + name + "/versions/1").then().extract().asString();
        given().contentType(ContentType.JSON).body(v1).put("/api/v1/templates/" + name).then().statusCode(201)
                .body("version", equalTo(3));
        assertEquals("<p>&lt;Ann&gt;</p>", Mime.text(send(name, null), "text/html"));
    }

    @Test
    void inlineImagesTravelWithTheTemplate() throws Exception {
        String png = Base64.getEncoder().encodeToString(getClass().getClassLoader()
                .getResourceAsStream("mail/logo.png").readAllBytes());
        String name = "with-logo-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"schema\":" + SCHEMA + ",\"subject\":\"x\",\"html\":"
                + "\"<img src=\\\"cid:logo.png\\\">{data.name}\",\"inline\":[{\"contentId\":\"logo.png\","
                + "\"contentType\":\"image/png\",\"content\":\"" + png + "\"}]}")
                .put("/api/v1/templates/" + name).then().statusCode(201);
        MimeMessage m = send(name, null);
        assertEquals("multipart/related[text/html,image/png]", Mime.structure(m));
        given().contentType(ContentType.JSON).body("{\"data\":{\"name\":\"a\"}}")
                .post("/api/v1/templates/" + name + "/preview").then().statusCode(200)
                .body("inline", equalTo(List.of("cid:logo.png")));
    }

    /** A batch takes a user template per element; a bad element's data is named by its index, nothing queued. */
    @Test
    void batchesUseUserTemplates() throws Exception {
        String name = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(body("<p>{data.name}</p>")).put("/api/v1/templates/" + name)
                .then().statusCode(201);
        String element = "{\"to\":[\"r%d@example.com\"],\"template\":{\"name\":\"" + name + "\",\"data\":%s}}";
        given().contentType(ContentType.JSON).body("{\"messages\":[" + element.formatted(1, "{\"name\":\"one\"}") + ","
                + element.formatted(2, "{\"nmae\":\"two\"}") + "]}").post("/api/v1/messages/batch").then()
                .statusCode(400).body("errors.field", equalTo(List.of("messages[1].template.data.name",
                        "messages[1].template.data.nmae")));
        given().contentType(ContentType.JSON).body("{\"messages\":[" + element.formatted(1, "{\"name\":\"one\"}") + ","
                + element.formatted(2, "{\"name\":\"two\"}") + "]}").post("/api/v1/messages/batch").then()
                .statusCode(202);
        dev.mailgate.support.Await.until("two arrivals", java.time.Duration.ofSeconds(20),
                () -> GreenMailResource.greenMail().getReceivedMessages().length == 2);
        List<String> html = new java.util.ArrayList<>();
        for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
            html.add(Mime.text(m, "text/html"));
        }
        assertEquals(List.of("<p>one</p>", "<p>two</p>"), html.stream().sorted().toList());
    }

    /** A runaway template fails its own send with a clear problem; the gateway and other templates go on. */
    @Test
    void aRunawayRenderFailsOnlyItsOwnSend() throws Exception {
        String name = "runaway-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}},\"subject\":\"x\",\"text\":"
                + "\"{#for x in data.a}{#for y in data.a}{#for z in data.a}.{/for}{/for}{/for}\"}")
                .put("/api/v1/templates/" + name).then().statusCode(201);
        String hundred = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name
                + "\",\"data\":{\"a\":" + hundred + "}}}").post("/api/v1/messages").then().statusCode(400)
                .body("errors[0].field", equalTo("template"))
                .body("errors[0].message", containsString("could not be rendered: the template did more than 200000"));
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name
                + "\",\"data\":{\"a\":[1,2]}}}").post("/api/v1/messages").then().statusCode(200);
        assertEquals("........", Mime.text(GreenMailResource.greenMail().getReceivedMessages()[0], "text/plain"));
    }

    @Test
    void builtInAndUnknownNamesAreRefused() {
        given().contentType(ContentType.JSON).body(body("x")).put("/api/v1/templates/alert").then().statusCode(409)
                .body("type", equalTo("urn:mailgate:problem:template-not-changeable"));
        given().delete("/api/v1/templates/alert").then().statusCode(409);
        given().contentType(ContentType.JSON).body(body("x")).put("/api/v1/templates/Bad_Name").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().get("/api/v1/templates/alert").then().statusCode(404)
                .body("detail", containsString("built-in"));
        given().get("/api/v1/templates/nothing-here/versions").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"subject\":\"x\",\"html\":\"x\",\"shcema\":{}}")
                .put("/api/v1/templates/typo").then().statusCode(400)
                .body("errors.field", hasItem("shcema"))
                .body("errors.message", hasItem(containsString("did you mean `schema`?")));
        given().get("/api/v1/templates/typo").then().statusCode(404).body("status", equalTo(404))
                .body("errors", nullValue());
    }
}
