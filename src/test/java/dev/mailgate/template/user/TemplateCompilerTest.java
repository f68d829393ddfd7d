package dev.mailgate.template.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every kind of template problem, each with its file, line and column; and what a good template renders. */
class TemplateCompilerTest {

    static final String SCHEMA = """
            {"type":"object","required":["severity","items"],"properties":{
              "severity":{"type":"string","enum":["low","high"]},
              "title":{"type":"string","maxLength":100},
              "at":{"type":"string","format":"date-time"},
              "amount":{"type":"number"},
              "items":{"type":"array","maxItems":50,"items":{"type":"object","properties":{"name":{"type":"string"}}}}}}
            """;

    static Map<String, byte[]> files(String... nameThenText) {
        Map<String, byte[]> f = new TreeMap<>();
        f.put("schema.json", SCHEMA.getBytes(StandardCharsets.UTF_8));
        f.put("subject.txt", "Alert {data.severity}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < nameThenText.length; i += 2) {
            f.put(nameThenText[i], nameThenText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    static TemplateCompiler.Result compile(Map<String, byte[]> files) {
        return TemplateCompiler.compile("alerts", new TemplateFiles(files), "test", 1, Instant.EPOCH);
    }

    static List<String> problems(String body) {
        return compile(files("body.html", body)).problems().stream().map(TemplateProblem::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a field that does not exist, with a close name | line1\\n  <b>{data.sevrity}</b> | body.html:2:6: `data.sevrity`: `data` has no field `sevrity`; did you mean `severity`?
            a field that does not exist                    | {#if data.nope}x{/if}             | body.html:1:1: `data.nope`: `data` has no field `nope`
            a loop over a string                           | <ul>{#for x in data.title}{x}{/for} | body.html:1:5: {#for} over `data.title`, which is a string, not an array
            a loop over a number literal                   | {#for i in 1000000}{i}{/for}      | body.html:1:1: {#for} over 1000000, which is not an array of the data: a template loops over its data only
            a property of a string                         | {data.title.foo}                  | body.html:1:1: `data.title.foo`: `data.title` is a string and has no property `foo`
            raw output                                     | {data.title.raw}                  | body.html:1:1: `data.title.raw`: `data.title` is a string and has no property `raw`
            an object output whole                         | {data}                            | body.html:1:1: `data` is an object: output its fields, such as data.severity
            an array output whole                          | {data.items}                      | body.html:1:1: `data.items` is an array: output its items with {#for item in data.items}
            a property of an array                         | {data.items.name}                 | body.html:1:1: `data.items.name`: `data.items` is an array and has no property `name` (it has isEmpty, size); loop over it with {#for item in data.items}
            a field of a loop item                         | {#each data.items}{it.nam}{/each} | body.html:1:19: `it.nam`: `it` has no field `nam`; did you mean `name`?
            an unknown name                                | x {foo}                           | body.html:1:3: `foo` is not known: the template's data is `data` (data.<field>)
            the config: namespace                          | {config:quarkus.mailer.password}  | body.html:1:1: `config:` is not allowed: a template sees only its data
            the inject: namespace                          | {inject:mailer}                   | body.html:1:1: `inject:` is not allowed: a template sees only its data
            the cdi: namespace                             | {cdi:mailer}                      | body.html:1:1: `cdi:` is not allowed: a template sees only its data
            a method call                                  | {data.getClass()}                 | body.html:1:1: `data.getClass(…)`: methods cannot be called (a default is `data ?: 'text'`)
            an include                                     | {#include ../../application.properties /} | body.html:1:41: section {#include} is not allowed: a template may use {#if} and {#for}/{#each}, and no {#include} (a template is its own files)
            another section                                | {#let a=1}{a}{/let}               | body.html:1:10: section {#let} is not allowed: a template may use {#if} and {#for}/{#each}, and no {#include} (a template is its own files)
            a syntax error                                 | ok\\n{#for}                        | body.html:2:7: unterminated section [for] detected
            a type declaration                             | {@java.lang.String x}             | body.html:1:21: {@ …} declarations are not used: the schema declares the data
            a cid without its image                        | <img src="cid:logo.png">          | body.html:1:11: cid:logo.png names no image in inline/
            """)
    void eachKindOfProblemIsRefusedWithItsPlace(String kind, String body, String expected) {
        assertEquals(List.of(expected), problems(body.replace("\\n", "\n")), kind);
    }

    @Test
    void everyProblemOfEveryFileIsListedAtOnce() {
        Map<String, byte[]> f = files("body.html", "{data.nope}", "body.txt", "{data.title.x}", "body.en.htm", "x",
                "subject.en.txt", "{data.severty}");
        List<String> p = compile(f).problems().stream().map(TemplateProblem::toString).toList();
        assertEquals(List.of("body.en.htm: is not part of the template layout: schema.json, subject.txt, body.html,"
                + " body.txt, subject.<locale>.txt, body.<locale>.html, body.<locale>.txt, default-locale.txt,"
                + " description.txt and inline/<image>.png|jpg|gif|webp",
                "body.html:1:1: `data.nope`: `data` has no field `nope`",
                "body.txt:1:1: `data.title.x`: `data.title` is a string and has no property `x`",
                "subject.en.txt:1:1: `data.severty`: `data` has no field `severty`; did you mean `severity`?"), p);
    }

    @Test
    void theSchemaOutsideTheSubsetIsRefusedByKeyword() {
        Map<String, byte[]> f = files("body.txt", "x");
        f.put("schema.json", """
                {"type":"object","required":["nme"],"properties":{
                  "name":{"type":"string","pattern":"^a"},
                  "n":{"type":["string","null"]},
                  "o":{"type":"object","properties":{"x":{"type":"integer","exclusiveMinimum":0}}},
                  "any":{"oneOf":[{"type":"string"}]},
                  "list":{"type":"array"},
                  "f":{"type":"string","format":"hostname"}}}
                """.getBytes(StandardCharsets.UTF_8));
        List<String> p = compile(f).problems().stream().map(TemplateProblem::message).toList();
        assertEquals(List.of(
                "schema.properties.name.pattern: `pattern` is outside the supported subset of JSON Schema for string"
                        + " (supported: enum, format, maxLength, type)",
                "schema.properties.n.type: must be one of array, boolean, integer, number, object, string (a single"
                        + " type: a field that may be absent is simply not required)",
                "schema.properties.o.properties.x.exclusiveMinimum: `exclusiveMinimum` is outside the supported subset"
                        + " of JSON Schema for integer (supported: maximum, minimum, type)",
                "schema.properties.any.type: must be one of array, boolean, integer, number, object, string (a single"
                        + " type: a field that may be absent is simply not required)",
                "schema.properties.list.items: is required: a template loops over known items",
                "schema.properties.f.format: must be one of date-time, email, uri",
                "schema.required: names \"nme\", which is not in properties; did you mean `name`?"), p);
    }

    @Test
    void aTemplateNeedsASchemaASubjectAndABody() {
        Map<String, byte[]> f = new TreeMap<>(Map.of("body.en.html", "x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("schema.json: is missing: every template declares its data",
                "subject.txt: is missing: the default locale's subject",
                "body.html: is missing, and so is body.txt: a template has a body"),
                compile(f).problems().stream().map(TemplateProblem::toString).toList());
    }

    @Test
    void aGoodTemplateCompiles() {
        TemplateCompiler.Result r = compile(files("body.html", "<p>{data.title ?: 'none'}</p>{#for item in"
                + " data.items}<li>{item_count}. {item.name}</li>{/for}{data.at.display} {data.amount.format}"
                + " {data.items.size}{#if data.amount > 3 && data.title}big{#else if data.severity == 'low'}low{/if}",
                "body.en.txt", "{data.severity}", "inline/logo.png", "png", "default-locale.txt", "zh-CN\n"));
        assertEquals(List.of(), r.problems());
        assertNotNull(r.template());
        assertEquals(List.of("zh-CN", "en"), List.copyOf(r.template().localeTags()));
        assertEquals("logo.png", r.template().inline().get(0).contentId());
        assertEquals("image/png", r.template().inline().get(0).contentType());
        assertNull(compile(files("body.html", "{data.nope}")).template());
    }
}
