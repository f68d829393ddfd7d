package dev.mailgate.template.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailgate.template.Rendered;

/** What a user template renders, and the hostile ones that are stopped at render time without hurting anything. */
class SandboxTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final UserTemplate.Limits LIMITS = new UserTemplate.Limits(200_000, 2 * 1024 * 1024, Duration.ofSeconds(2));

    static UserTemplate template(String schema, String... nameThenText) {
        Map<String, byte[]> f = new TreeMap<>();
        f.put("schema.json", schema.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < nameThenText.length; i += 2) {
            f.put(nameThenText[i], nameThenText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        TemplateCompiler.Result r = TemplateCompiler.compile("t", new TemplateFiles(f), "test", 1, Instant.EPOCH);
        assertEquals(List.of(), r.problems());
        return r.template();
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void rendersEscapedHtmlPlainTextLocalesAndHelpers() throws Exception {
        UserTemplate t = template(TemplateCompilerTest.SCHEMA,
                "subject.txt", "告警 {data.severity}\n  {data.title}",
                "subject.en.txt", "Alert {data.severity}",
                "body.html", "<p>{data.title ?: 'none'}</p>{#for item in data.items}<li>{item_count}. {item.name}</li>"
                        + "{/for}|{data.at.display}|{data.amount.format}|{data.items.size}",
                "body.txt", "{data.title} {data.at}");
        JsonNode data = json("{\"severity\":\"high\",\"title\":\"<b>x & y</b>\",\"at\":\"2026-11-26T08:00:00+08:00\","
                + "\"amount\":12345.5,\"items\":[{\"name\":\"a<\"},{\"name\":\"b\"}]}");
        Rendered zh = t.render(data, "zh-CN", LIMITS);
        assertEquals("告警 high <b>x & y</b>", zh.subject(), "one line, not escaped (a header)");
        assertEquals("<p>&lt;b&gt;x &amp; y&lt;/b&gt;</p><li>1. a&lt;</li><li>2. b</li>|2026-11-26 08:00:00 (UTC+08:00)"
                + "|12,345.5|2", zh.html());
        assertEquals("<b>x & y</b> 2026-11-26T08:00:00+08:00", zh.text(), "plain text is not escaped");
        Rendered en = t.render(data, "en", LIMITS);
        assertEquals("Alert high", en.subject());
        assertTrue(en.html().contains("26 Nov 2026, 08:00:00 (UTC+08:00)"), en.html());
        assertEquals(zh.text(), en.text(), "a part the locale lacks comes from the default locale");
        Rendered none = t.render(json("{\"severity\":\"low\",\"items\":[]}"), "zh-CN", LIMITS);
        assertTrue(none.html().startsWith("<p>none</p>|"), none.html());
    }

    @Test
    void dataIsCheckedAgainstTheSchemaEveryProblemAtOnce() throws Exception {
        UserTemplate t = template(TemplateCompilerTest.SCHEMA, "subject.txt", "x", "body.txt", "x");
        List<String> p = t.schema().check(json("{\"sevrity\":\"high\",\"title\":7,\"at\":\"yesterday\","
                + "\"amount\":\"1\",\"items\":[{\"name\":1,\"x\":2}]}"), "template.data").stream()
                .map(e -> e.field() + ": " + e.message()).toList();
        assertEquals(List.of(
                "template.data.severity: is required",
                "template.data.sevrity: is not a field of this template; did you mean `severity`?",
                "template.data.title: must be a string",
                "template.data.at: must be an RFC 3339 date-time with an offset, such as 2026-11-26T08:00:00+08:00",
                "template.data.amount: must be a number",
                "template.data.items[0].name: must be a string",
                "template.data.items[0].x: is not a field of this template"), p);
    }

    /** A million iterations from nested loops over data the schema allows: stopped, in well under the time limit. */
    @Test
    void aMillionIterationsAreStoppedAtRender() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}";
        UserTemplate t = template(schema, "subject.txt", "x",
                "body.txt", "{#for x in data.a}{#for y in data.a}{#for z in data.a}.{/for}{/for}{/for}");
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            a.add(i);
        }
        ObjectNode data = JSON.createObjectNode().set("a", a);
        long start = System.nanoTime();
        RenderLimitException e = assertThrows(RenderLimitException.class, () -> t.render(data, "zh-CN", LIMITS));
        assertTrue(e.getMessage().startsWith("the template did more than 200000 steps"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
        Runtime.getRuntime().gc();
    }

    /** 100 MB of output from data within its limits: stopped at the output limit, never built. */
    @Test
    void aHundredMegabytesOfOutputAreStopped() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"},"
                + "\"a\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}";
        UserTemplate t = template(schema, "subject.txt", "x", "body.html", "{#for x in data.a}{data.s}{/for}");
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            a.add(i);
        }
        ObjectNode data = JSON.createObjectNode().put("s", "x".repeat(1024 * 1024));
        data.set("a", a);
        RenderLimitException e = assertThrows(RenderLimitException.class, () -> t.render(data, "zh-CN", LIMITS));
        assertEquals("the rendered output is larger than 2097152 characters", e.getMessage());
    }

    @Test
    void anEmptySubjectFailsTheRender() throws Exception {
        UserTemplate t = template(TemplateCompilerTest.SCHEMA, "subject.txt", "{data.title}", "body.txt", "x");
        RenderLimitException e = assertThrows(RenderLimitException.class,
                () -> t.render(json("{\"severity\":\"low\",\"items\":[]}"), "zh-CN", LIMITS));
        assertEquals("the subject rendered empty", e.getMessage());
        assertFalse(t.localeTags().isEmpty());
    }
}
