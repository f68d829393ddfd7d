package dev.mailgate.template.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import dev.mailgate.support.Mime;
import dev.mailgate.support.TemplateDirResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A template directory edited while the gateway runs: added, sent, edited, broken (the last good version keeps
 * serving, and a message accepted before keeps its version), fixed, swapped like a ConfigMap, removed. Every send is
 * checked on the MIME that reached GreenMail.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class DirectoryTemplateTest {

    static final String SCHEMA = """
            {"type":"object","required":["name","orders"],"additionalProperties":false,"properties":{
              "name":{"type":"string","maxLength":50},
              "severity":{"type":"string","enum":["low","high"]},
              "orders":{"type":"array","maxItems":20,"items":{"type":"object","required":["id"],
                "properties":{"id":{"type":"string"},"total":{"type":"number","minimum":0}}}}}}
            """;
    static final String DATA = "{\"name\":\"<Alice & Bob>\",\"orders\":[{\"id\":\"A-1\",\"total\":1234.5},{\"id\":\"B-2\"}]}";

    @BeforeEach
    void purge() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
    }

    static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
            Files.writeString(tmp, f.getValue());
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Map<String, String> welcome(String html) {
        return Map.of("schema.json", SCHEMA, "subject.txt", "欢迎，{data.name}",
                "subject.en.txt", "Welcome, {data.name}", "body.html", html,
                "body.txt", "{data.name}: {#for o in data.orders}{o.id} {/for}", "body.en.html", "<p>Hello {data.name}</p>");
    }

    /** The user template of that name as GET /api/v1/templates lists it, or null. */
    static JsonPath listed(String name) {
        String body = given().get("/api/v1/templates").then().statusCode(200).extract().asString();
        Object one = JsonPath.from(body).get("find { it.name == '" + name + "' && it.origin != 'built-in' }");
        return one == null ? null : JsonPath.from(toJson(one));
    }

    static String toJson(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitVersion(String name, int version) {
        Await.until(() -> name + " at version " + version + " (listed: " + (listed(name) == null ? null
                : listed(name).prettify()) + ")", Duration.ofSeconds(15),
                () -> listed(name) != null && Objects.equals(listed(name).get("version"), version));
    }

    static MimeMessage send(String name, String data, String locale) throws Exception {
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"" + name
                + "\",\"data\":" + data + (locale == null ? "" : ",\"locale\":\"" + locale + "\"") + "}}")
                .post("/api/v1/messages").then().statusCode(200);
        MimeMessage[] received = GreenMailResource.greenMail().getReceivedMessages();
        assertEquals(1, received.length);
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        return received[0];
    }

    @Test
    void addedEditedBrokenFixedAndRemovedWhileRunning() throws Exception {
        Path dir = TemplateDirResource.dir().resolve("welcome");
        byte[] logo;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("mail/logo.png")) {
            logo = in.readAllBytes();
        }
        Files.createDirectories(dir.resolve("inline"));
        Files.write(dir.resolve("inline/logo.png"), logo);
        write(dir, welcome("<h1>你好 {data.name}</h1><img src=\"cid:logo.png\">{#for o in data.orders}"
                + "<li>{o.id}: {o.total.format ?: '-'}</li>{/for}"));
        awaitVersion("welcome", 1);
        JsonPath info = listed("welcome");
        assertEquals("directory", info.get("origin"));
        assertEquals(List.of("zh-CN", "en"), info.getList("locales"));
        assertEquals("object", info.get("schema.type"));

        MimeMessage m = send("welcome", DATA, null);
        assertEquals("欢迎，<Alice & Bob>", m.getSubject());
        assertEquals("multipart/alternative[text/plain,multipart/related[text/html,image/png]]", Mime.structure(m));
        assertEquals("<h1>你好 &lt;Alice &amp; Bob&gt;</h1><img src=\"cid:logo.png\"><li>A-1: 1,234.5</li><li>B-2: -</li>",
                Mime.text(m, "text/html"));
        assertEquals("<Alice & Bob>: A-1 B-2 ", Mime.text(m, "text/plain"));
        BodyPart image = Mime.leaves(m).get(2);
        assertEquals("<logo.png>", image.getHeader("Content-ID")[0]);
        assertArrayEquals(logo, Mime.bytes(image));
        MimeMessage en = send("welcome", DATA, "en");
        assertEquals("Welcome, <Alice & Bob>", en.getSubject());
        assertEquals("<p>Hello &lt;Alice &amp; Bob&gt;</p>", Mime.text(en, "text/html"));

        write(dir, Map.of("body.html", "<h2>v2 {data.name}</h2>"));
        awaitVersion("welcome", 2);
        assertEquals("<h2>v2 &lt;Alice &amp; Bob&gt;</h2>", Mime.text(send("welcome", DATA, null), "text/html"));

        // Accepted now, sent in 3 seconds: it keeps version 2, whatever happens to the files meanwhile.
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).withNano(0).toString();
        String id = given().contentType(ContentType.JSON).body("{\"to\":[\"bob@example.com\"],\"sendAt\":\"" + sendAt
                + "\",\"template\":{\"name\":\"welcome\",\"data\":" + DATA + "}}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");

        write(dir, Map.of("body.html", "<h2>{data.nmae}</h2>\n{#for o in data.name}{/for}"));
        Await.until("the broken edit reported", Duration.ofSeconds(15),
                () -> listed("welcome").getList("problems") != null);
        info = listed("welcome");
        assertEquals(2, (int) info.get("version"), "the last good version stays live");
        assertEquals(List.of("body.html:1:5: `data.nmae`: `data` has no field `nmae`; did you mean `name`?",
                "body.html:2:1: {#for} over `data.name`, which is a string, not an array"),
                info.getList("problems").stream().map(p -> ((Map<?, ?>) p).get("file") + ":" + ((Map<?, ?>) p).get("line")
                        + ":" + ((Map<?, ?>) p).get("column") + ": " + ((Map<?, ?>) p).get("message")).toList());
        assertTrue(metric("mailgate_templates_problems") >= 1);
        assertEquals("<h2>v2 &lt;Alice &amp; Bob&gt;</h2>", Mime.text(send("welcome", DATA, null), "text/html"),
                "the broken edit does not serve");
        Await.status(id, "sent", Duration.ofSeconds(20));
        MimeMessage scheduled = GreenMailResource.greenMail().getReceivedMessages()[0];
        assertEquals("<h2>v2 &lt;Alice &amp; Bob&gt;</h2>", Mime.text(scheduled, "text/html"));
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();

        write(dir, Map.of("body.html", "<h3>v3 {data.severity ?: 'none'}</h3>"));
        awaitVersion("welcome", 3);
        assertEquals(null, (Object) listed("welcome").get("problems"));
        assertEquals("<h3>v3 none</h3>", Mime.text(send("welcome", DATA, null), "text/html"));

        // Data is checked against the schema: every bad field at once, with "did you mean".
        given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\"],\"template\":{\"name\":\"welcome\","
                + "\"data\":{\"nmae\":\"x\",\"severity\":\"hihg\",\"orders\":[{\"total\":-1}]}}}")
                .post("/api/v1/messages").then().statusCode(400)
                .body("errors.field", equalTo(List.of("template.data.name", "template.data.nmae",
                        "template.data.orders[0].id", "template.data.orders[0].total", "template.data.severity")))
                .body("errors.message", hasItem("is not a field of this template; did you mean `name`?"))
                .body("errors.message", hasItem("must be one of low, high; did you mean `high`?"));
        assertEquals(0, GreenMailResource.greenMail().getReceivedMessages().length);

        given().contentType(ContentType.JSON).body("{\"locale\":\"en\",\"data\":" + DATA + "}")
                .post("/api/v1/templates/welcome/preview").then().statusCode(200)
                .body("subject", equalTo("Welcome, <Alice & Bob>"))
                .body("html", equalTo("<p>Hello &lt;Alice &amp; Bob&gt;</p>"));

        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Await.until("welcome removed", Duration.ofSeconds(15), () -> listed("welcome") == null);
        given().contentType(ContentType.JSON).body("{\"data\":" + DATA + "}")
                .post("/api/v1/templates/welcome/preview").then().statusCode(400)
                .body("errors[0].message", containsString("unknown template 'welcome'"));
    }

    /** A ConfigMap volume: files are links into ..data, which is swapped to a new directory in one rename. */
    @Test
    void aConfigMapSymlinkSwapIsOneChange() throws Exception {
        Path root = TemplateDirResource.dir();
        Path first = root.resolve("..2026_12_06_01");
        write(first.resolve("receipt"), Map.of("schema.json", SCHEMA, "subject.txt", "Receipt v1", "body.txt", "one"));
        Files.createSymbolicLink(root.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(root.resolve("receipt"), Path.of("..data/receipt"));
        awaitVersion("receipt", 1);
        assertEquals("one", Mime.text(send("receipt", DATA, null), "text/plain"));

        Path second = root.resolve("..2026_12_06_02");
        write(second.resolve("receipt"), Map.of("schema.json", SCHEMA, "subject.txt", "Receipt v2", "body.txt", "two"));
        Path link = root.resolve("..data_tmp");
        Files.createSymbolicLink(link, second.getFileName());
        Files.move(link, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitVersion("receipt", 2);
        MimeMessage m = send("receipt", DATA, null);
        assertEquals("Receipt v2", m.getSubject());
        assertEquals("two", Mime.text(m, "text/plain"));
    }

    @Test
    void aDirectoryMayNotShadowABuiltInTemplate() throws Exception {
        write(TemplateDirResource.dir().resolve("alert"), Map.of("schema.json", SCHEMA, "subject.txt", "mine",
                "body.txt", "mine"));
        Await.until("the clash reported", Duration.ofSeconds(15), () -> listed("alert") != null);
        assertEquals("alert: is a built-in template's name; a template of your own needs its own name",
                listed("alert").getString("problems[0].file") + ": " + listed("alert").getString("problems[0].message"));
        assertTrue(Mime.text(send("alert", """
                {"severity":"INFO","service":"s","summary":"built-in still","occurredAt":"2026-11-26T08:00:00+08:00"}""",
                null), "text/plain").contains("built-in still"));
    }

    /** Broken from the start: listed and readable with its problems, never served. */
    @Test
    void aTemplateThatNeverLoadedShowsItsProblems() throws Exception {
        write(TemplateDirResource.dir().resolve("never-good"), Map.of("schema.json", SCHEMA, "subject.txt",
                "{data.nope}", "body.txt", "x"));
        Await.until("the problems listed", Duration.ofSeconds(15), () -> listed("never-good") != null);
        given().get("/api/v1/templates/never-good").then().statusCode(200).body("origin", equalTo("directory"))
                .body("version", org.hamcrest.Matchers.nullValue())
                .body("problems[0].file", equalTo("subject.txt"))
                .body("problems[0].message", equalTo("`data.nope`: `data` has no field `nope`"));
        given().contentType(ContentType.JSON).body("{\"data\":{\"name\":\"x\",\"orders\":[]}}")
                .post("/api/v1/templates/never-good/preview").then().statusCode(400)
                .body("errors[0].message", containsString("unknown template 'never-good'"));
    }

    static double metric(String series) {
        String body = given().get("/q/metrics").then().extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
