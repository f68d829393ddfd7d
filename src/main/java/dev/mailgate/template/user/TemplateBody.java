package dev.mailgate.template.user;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.binding.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A template as the API carries it: the same parts as the directory layout, as JSON. {@link #files} and
 * {@link #of(TemplateFiles)} convert both ways, so an API template and a directory template are checked by the same
 * code, and {@link #field} names a file's problem by its JSON field.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateBody(JsonNode schema, String description, String subject, String html, String text,
        String defaultLocale, Map<String, LocaleParts> locales, List<Inline> inline) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocaleParts(String subject, String html, String text) {
    }

    /** An inline image: {@code contentId} is its file name (logo.png), which the html names as cid:logo.png. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inline(String contentId, String filename, String contentType, String content) {
    }

    /** The files; a part that cannot become one (bad base64, a bad locale tag) is a problem named by its field. */
    public TemplateFiles files(List<FieldError> problems) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (schema != null) {
            try {
                files.put(TemplateFiles.SCHEMA, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(schema));
            } catch (JsonProcessingException e) {
                problems.add(new FieldError("schema", "cannot be written: " + e.getOriginalMessage()));
            }
        }
        put(files, TemplateFiles.DESCRIPTION, description);
        put(files, TemplateFiles.DEFAULT_LOCALE, defaultLocale);
        put(files, "subject.txt", subject);
        put(files, "body.html", html);
        put(files, "body.txt", text);
        if (locales != null) {
            locales.forEach((tag, parts) -> {
                if (tag == null || !tag.matches(TemplateFiles.LOCALE)) {
                    problems.add(new FieldError("locales." + tag, "must be a locale tag, such as en or zh-TW"));
                } else if (parts != null) {
                    put(files, "subject." + tag + ".txt", parts.subject());
                    put(files, "body." + tag + ".html", parts.html());
                    put(files, "body." + tag + ".txt", parts.text());
                }
            });
        }
        if (inline != null) {
            for (int i = 0; i < inline.size(); i++) {
                image(inline.get(i), "inline[" + i + "]", files, problems);
            }
        }
        return new TemplateFiles(files);
    }

    private static void image(Inline image, String field, Map<String, byte[]> files, List<FieldError> problems) {
        if (image == null || image.contentId() == null || !TemplateFiles.INLINE.matcher("inline/" + image.contentId())
                .matches()) {
            problems.add(new FieldError(field + ".contentId", "must be an image's file name, such as logo.png (png,"
                    + " jpg, gif or webp); the html refers to it as cid:logo.png"));
            return;
        }
        if (image.filename() != null && !image.filename().equals(image.contentId())) {
            problems.add(new FieldError(field + ".filename", "must be the contentId, or left out: an inline image is"
                    + " named by its content id"));
        }
        String type = contentType(image.contentId());
        if (image.contentType() != null && !image.contentType().equalsIgnoreCase(type)) {
            problems.add(new FieldError(field + ".contentType", "must be " + type + " for " + image.contentId()
                    + ", or left out"));
        }
        try {
            files.put("inline/" + image.contentId(), Base64.getDecoder().decode(
                    image.content() == null ? "" : image.content().replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError(field + ".content", "must be base64"));
        }
    }

    /** The image type of an inline file name. */
    static String contentType(String file) {
        String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return "image/" + ("jpg".equals(ext) ? "jpeg" : ext);
    }

    private static void put(Map<String, byte[]> files, String name, String text) {
        if (text != null) {
            files.put(name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The body a template's files make, as GET returns it. */
    public static TemplateBody of(TemplateFiles f) {
        JsonNode schema = null;
        try {
            schema = f.has(TemplateFiles.SCHEMA) ? JSON.readTree(f.text(TemplateFiles.SCHEMA)) : null;
        } catch (JsonProcessingException e) {
            schema = null; // a directory template's broken schema: its problems say so
        }
        Map<String, LocaleParts> locales = new LinkedHashMap<>();
        List<Inline> inline = new ArrayList<>();
        for (String name : f.files().keySet()) {
            Matcher m = TemplateFiles.part(name);
            if (m != null && m.group(2) != null) {
                locales.computeIfAbsent(m.group(2), k -> new LocaleParts(f.text("subject." + k + ".txt"),
                        f.text("body." + k + ".html"), f.text("body." + k + ".txt")));
            } else if (name.startsWith("inline/")) {
                String id = name.substring("inline/".length());
                inline.add(new Inline(id, id, contentType(id), Base64.getEncoder().encodeToString(f.files().get(name))));
            }
        }
        return new TemplateBody(schema, f.text(TemplateFiles.DESCRIPTION), f.text("subject.txt"), f.text("body.html"),
                f.text("body.txt"), f.text(TemplateFiles.DEFAULT_LOCALE), locales.isEmpty() ? null : locales,
                inline.isEmpty() ? null : inline);
    }

    /** The JSON field a file's problem belongs to: body.en.html is locales.en.html. */
    public static String field(String file) {
        Matcher m = TemplateFiles.part(file);
        if (m != null) {
            String part = "subject".equals(m.group(1)) ? "subject" : "html".equals(m.group(3)) ? "html" : "text";
            return m.group(2) == null ? part : "locales." + m.group(2) + "." + part;
        }
        return switch (file) {
            case TemplateFiles.SCHEMA -> "schema";
            case TemplateFiles.DEFAULT_LOCALE -> "defaultLocale";
            case TemplateFiles.DESCRIPTION -> "description";
            default -> file.startsWith("inline/") ? "inline." + file.substring("inline/".length()) : file;
        };
    }
}
