package dev.mailgate.template.user;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.binding.FieldError;
import dev.mailgate.template.Rendered;
import io.quarkus.qute.Template;

/**
 * Turns a template's files into a {@link UserTemplate}, or into every problem they have at once: the layout, the
 * schema, each file's syntax and every expression against the schema, and each {@code cid:} against the inline
 * images. Nothing is rendered here.
 */
public final class TemplateCompiler {

    static final int MAX_TEXT = 256 * 1024;
    static final int MAX_IMAGE = 1024 * 1024;
    private static final Pattern CID = Pattern.compile("cid:([^\"'\\s)>]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The template, or null with the problems. */
    public record Result(UserTemplate template, List<TemplateProblem> problems) {
    }

    private TemplateCompiler() {
    }

    public static Result compile(String name, TemplateFiles files, String origin, int version, Instant at) {
        List<TemplateProblem> problems = new ArrayList<>();
        if (!TemplateFiles.NAME.matcher(name).matches()) {
            problems.add(TemplateProblem.of(name, "a template name is 1 to 64 lower-case letters, digits and -"));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        List<Rendered.InlineImage> inline = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            layout(f.getKey(), f.getValue(), texts, inline, problems);
        }
        JsonSchema schema = schema(texts.get(TemplateFiles.SCHEMA), problems);
        String defaultLocale = texts.getOrDefault(TemplateFiles.DEFAULT_LOCALE, "zh-CN").strip();
        if (!defaultLocale.matches(TemplateFiles.LOCALE)) {
            problems.add(TemplateProblem.of(TemplateFiles.DEFAULT_LOCALE, "must hold one locale tag, such as zh-CN or en"));
        }
        Map<String, Map<String, Template>> parsed = new LinkedHashMap<>();
        Map<JsonSchema, Integer> weights = new IdentityHashMap<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            Matcher m = TemplateFiles.part(t.getKey());
            if (m == null) {
                continue;
            }
            String locale = m.group(2) == null ? defaultLocale : m.group(2);
            if (m.group(2) != null && m.group(2).equals(defaultLocale)) {
                problems.add(TemplateProblem.of(t.getKey(), locale + " is the default locale, whose parts are the"
                        + " files without a locale (" + m.group(1) + "." + m.group(3) + ")"));
            }
            String type = "html".equals(m.group(3)) ? "text/html" : "text/plain";
            Template template = Sandbox.parse(t.getKey(), t.getValue(), type, problems);
            if (template != null && schema != null) {
                ExpressionCheck.check(template, schema, t.getKey(), problems, weights);
            }
            if ("html".equals(m.group(3))) {
                cids(t.getKey(), t.getValue(), inline, problems);
            }
            parsed.computeIfAbsent(locale, k -> new LinkedHashMap<>()).put(m.group(1) + "." + m.group(3), template);
        }
        Map<String, UserTemplate.Parts> locales = locales(parsed, defaultLocale, problems);
        if (!problems.isEmpty()) {
            return new Result(null, problems);
        }
        return new Result(new UserTemplate(name, origin, version, at, texts.getOrDefault(TemplateFiles.DESCRIPTION, "")
                .strip(), schema, defaultLocale, locales, List.copyOf(inline), weights, files), List.of());
    }

    private static void layout(String file, byte[] content, Map<String, String> texts,
            List<Rendered.InlineImage> inline, List<TemplateProblem> problems) {
        Matcher image = TemplateFiles.INLINE.matcher(file);
        if (image.matches()) {
            if (content.length > MAX_IMAGE) {
                problems.add(TemplateProblem.of(file, "an inline image may be at most 1 MiB"));
            }
            String id = file.substring("inline/".length());
            inline.add(new Rendered.InlineImage(id, id, TemplateBody.contentType(id), content));
            return;
        }
        boolean known = TemplateFiles.SCHEMA.equals(file) || TemplateFiles.DEFAULT_LOCALE.equals(file)
                || TemplateFiles.DESCRIPTION.equals(file) || TemplateFiles.part(file) != null;
        if (!known) {
            problems.add(TemplateProblem.of(file, "is not part of the template layout: schema.json, subject.txt,"
                    + " body.html, body.txt, subject.<locale>.txt, body.<locale>.html, body.<locale>.txt,"
                    + " default-locale.txt, description.txt and inline/<image>.png|jpg|gif|webp"));
            return;
        }
        if (content.length > MAX_TEXT) {
            problems.add(TemplateProblem.of(file, "is larger than 256 KiB"));
            return;
        }
        try {
            texts.put(file, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString());
        } catch (CharacterCodingException e) {
            problems.add(TemplateProblem.of(file, "is not UTF-8"));
        }
    }

    private static JsonSchema schema(String text, List<TemplateProblem> problems) {
        if (text == null) {
            problems.add(TemplateProblem.of(TemplateFiles.SCHEMA, "is missing: every template declares its data"));
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add(TemplateProblem.of(TemplateFiles.SCHEMA, "is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")")));
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        JsonSchema schema = JsonSchema.parse(node, errors);
        errors.forEach(e -> problems.add(TemplateProblem.of(TemplateFiles.SCHEMA, e.field() + ": " + e.message())));
        return errors.isEmpty() ? schema : null;
    }

    private static void cids(String file, String html, List<Rendered.InlineImage> inline,
            List<TemplateProblem> problems) {
        Matcher m = CID.matcher(html);
        while (m.find()) {
            String id = m.group(1);
            if (inline.stream().noneMatch(i -> i.contentId().equals(id))) {
                int line = 1 + (int) html.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                int column = m.start() - html.lastIndexOf('\n', m.start() - 1);
                problems.add(new TemplateProblem(file, line, column, "cid:" + id + " names no image in inline/"));
            }
        }
    }

    private static Map<String, UserTemplate.Parts> locales(Map<String, Map<String, Template>> parsed,
            String defaultLocale, List<TemplateProblem> problems) {
        Map<String, Template> main = parsed.getOrDefault(defaultLocale, Map.of());
        if (main.isEmpty()) {
            parsed.put(defaultLocale, new LinkedHashMap<>());
        }
        if (!main.containsKey("subject.txt")) {
            problems.add(TemplateProblem.of("subject.txt", "is missing: the default locale's subject"));
        }
        if (!main.containsKey("body.html") && !main.containsKey("body.txt")) {
            problems.add(TemplateProblem.of("body.html", "is missing, and so is body.txt: a template has a body"));
        }
        Map<String, UserTemplate.Parts> locales = new LinkedHashMap<>();
        locales.put(defaultLocale, null); // the default first
        parsed.forEach((locale, parts) -> locales.put(locale, new UserTemplate.Parts(parts.get("subject.txt"),
                parts.get("body.html"), parts.get("body.txt"))));
        return locales;
    }
}
