package dev.mailgate.template.user;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.template.Rendered;
import io.quarkus.qute.Template;

/**
 * A user template that passed every check: its schema, its parts per locale and its inline images. Immutable, so a
 * render in flight keeps the version it started with while a reload swaps in the next.
 */
public record UserTemplate(String name, String origin, int version, Instant updatedAt, String description,
        JsonSchema schema, String defaultLocale, Map<String, Parts> locales, List<Rendered.InlineImage> inline,
        Map<JsonSchema, Integer> weights, TemplateFiles files) {

    /** One locale's parts; a part a locale lacks comes from the default locale. */
    public record Parts(Template subject, Template html, Template text) {
    }

    /** What one render may spend (mailgate.templates.*). */
    public record Limits(long steps, long outputChars, Duration time) {
    }

    /** The same template as a numbered version. */
    UserTemplate at(int version, Instant at) {
        return new UserTemplate(name, origin, version, at, description, schema, defaultLocale, locales, inline,
                weights, files);
    }

    public Set<String> localeTags() {
        return locales.keySet();
    }

    /** text/html and/or text/plain, as the default locale has them. */
    public List<String> variants() {
        Parts p = locales.get(defaultLocale);
        List<String> v = new java.util.ArrayList<>();
        if (p.html() != null) {
            v.add("text/html");
        }
        if (p.text() != null) {
            v.add("text/plain");
        }
        return v;
    }

    /** The schema as the template's files declare it. */
    public JsonNode schemaJson() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(files.text(TemplateFiles.SCHEMA));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Renders checked data; the caller has run {@link JsonSchema#check} on it. */
    public Rendered render(JsonNode data, String locale, Limits limits) {
        Budget budget = new Budget(limits.steps(), limits.outputChars(), limits.time().toNanos());
        Object model = RenderModel.of(data, schema, budget, weights);
        Parts own = locales.get(locale);
        Parts fallback = locales.get(defaultLocale);
        Locale l = Locale.forLanguageTag(locale);
        Template subject = own.subject() != null ? own.subject() : fallback.subject();
        Template html = own.html() != null ? own.html() : fallback.html();
        Template text = own.text() != null ? own.text() : fallback.text();
        String s = Sandbox.render(subject, model, l, budget).strip().replaceAll("\\s*\\R\\s*", " ");
        if (s.isEmpty()) {
            throw new RenderLimitException("the subject rendered empty");
        }
        return new Rendered(s, html == null ? null : Sandbox.render(html, model, l, budget),
                text == null ? null : Sandbox.render(text, model, l, budget), inline);
    }
}
