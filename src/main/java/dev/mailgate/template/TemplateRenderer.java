package dev.mailgate.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.binding.Suggestions;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.template.user.RenderLimitException;
import dev.mailgate.template.user.UserTemplate;
import dev.mailgate.template.user.UserTemplates;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * Binds JSON data to a template's record, validates it, and renders subject, html and text. Built-in templates are
 * rendered by the injected Qute engine; no user template text ever reaches it, because its {@code config:} namespace
 * could read any property, the SMTP password included. A user's own template ({@link UserTemplates}) is checked
 * against its JSON Schema and rendered in the sandbox, within the limits of mailgate.templates.render.*.
 */
@ApplicationScoped
public class TemplateRenderer {

    public static final String LOGO_CID = "mailgate-logo";
    private static final Set<String> LOCALES = Set.of("zh-CN", "en");

    private final TemplateCatalog catalog;
    private final StrictJson json;
    private final Validator validator;
    private final byte[] logo;
    private final UserTemplates users;
    private final UserTemplate.Limits limits;

    public TemplateRenderer(TemplateCatalog catalog, StrictJson json, Validator validator, UserTemplates users,
            MailgateConfig config) {
        this.catalog = catalog;
        this.json = json;
        this.validator = validator;
        this.logo = resource("mail/logo.png");
        this.users = users;
        this.limits = new UserTemplate.Limits(config.templates().render().maxSteps(),
                config.templates().render().maxOutput().asLongValue(), config.templates().render().timeout());
    }

    /** The logo that templates embed, loaded once; the preview page serves the same bytes. */
    public byte[] logo() {
        return logo;
    }

    public Rendered render(String name, JsonNode data, String localeTag) {
        List<FieldError> problems = new ArrayList<>();
        TemplateSpec<?> spec = catalog.find(name).orElse(null);
        UserTemplate user = spec == null ? users.live(name).orElse(null) : null;
        if (user != null) {
            return renderUser(user, data, localeTag);
        }
        if (spec == null) {
            List<String> names = new ArrayList<>(catalog.all().stream().map(TemplateSpec::name).toList());
            users.all().forEach(e -> names.add(e.name()));
            problems.add(new FieldError("template.name", "unknown template '" + name + "'"
                    + Suggestions.hint(String.valueOf(name), names, java.util.Map.of())
                    + " (GET /api/v1/templates lists them)"));
        }
        Locale locale = locale(localeTag, problems);
        Object bound = null;
        if (spec != null) {
            try {
                bound = bind(spec, data);
            } catch (TemplateDataException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateDataException(problems);
        }
        TemplateInstance instance = spec.instance(bound).setLocale(locale);
        String html = null;
        String text = null;
        @SuppressWarnings("unchecked")
        List<Variant> variants = (List<Variant>) instance.getAttribute(TemplateInstance.VARIANTS);
        for (Variant v : variants) {
            String out = spec.instance(bound).setLocale(locale).setAttribute(TemplateInstance.SELECTED_VARIANT, v).render();
            if (Variant.TEXT_HTML.equals(v.getContentType())) {
                html = out;
            } else if (Variant.TEXT_PLAIN.equals(v.getContentType())) {
                text = out;
            }
        }
        MailMessages messages = MessageBundles.get(MailMessages.class, Localized.Literal.of(locale.toLanguageTag()));
        List<Rendered.InlineImage> inline = spec.withLogo()
                ? List.of(new Rendered.InlineImage(LOGO_CID, "mailgate.png", "image/png", logo)) : List.of();
        return new Rendered(spec.subject(messages, bound), html, text, inline);
    }

    private Rendered renderUser(UserTemplate user, JsonNode data, String localeTag) {
        List<FieldError> problems = new ArrayList<>();
        String locale = localeTag == null || localeTag.isBlank() ? user.defaultLocale()
                : user.localeTags().stream().filter(l -> l.equalsIgnoreCase(localeTag.trim())).findFirst().orElse(null);
        if (locale == null) {
            problems.add(new FieldError("template.locale", "must be one of " + String.join(", ", user.localeTags())));
        }
        if (data == null || !data.isObject()) {
            problems.add(new FieldError("template.data", "is required and must be a JSON object"));
        } else {
            problems.addAll(user.schema().check(data, "template.data"));
        }
        if (!problems.isEmpty()) {
            throw new TemplateDataException(problems);
        }
        try {
            return user.render(data, locale, limits);
        } catch (RenderLimitException | TemplateException e) {
            throw new TemplateDataException(List.of(new FieldError("template", "template " + user.name() + " (version "
                    + user.version() + ") could not be rendered: " + e.getMessage())));
        }
    }

    /**
     * Binds and validates in one go: type problems, unknown fields and constraint violations are reported together.
     * A field that already has a type problem is not reported again for the null it was left with.
     */
    private Object bind(TemplateSpec<?> spec, JsonNode data) {
        if (data == null || data.isNull() || !data.isObject()) {
            throw new TemplateDataException(List.of(new FieldError("template.data",
                    "is required and must be a JSON object")));
        }
        StrictJson.Bound<?> bound = json.bind(data, spec.dataType(), "template.data");
        List<FieldError> problems = new ArrayList<>(bound.errors());
        if (bound.value() != null) {
            Set<String> reported = new HashSet<>();
            problems.forEach(p -> reported.add(p.field()));
            for (ConstraintViolation<?> v : validator.validate(bound.value())) {
                String field = "template.data." + path(v.getPropertyPath());
                if (!reported.contains(field)) {
                    problems.add(new FieldError(field, v.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparing(FieldError::field));
            throw new TemplateDataException(problems);
        }
        return bound.value();
    }

    private static Locale locale(String tag, List<FieldError> problems) {
        if (tag == null || tag.isBlank()) {
            return Locale.forLanguageTag("zh-CN");
        }
        String match = LOCALES.stream().filter(l -> l.equalsIgnoreCase(tag.trim())).findFirst().orElse(null);
        if (match == null) {
            problems.add(new FieldError("template.locale", "must be zh-CN or en"));
            return Locale.ROOT;
        }
        return Locale.forLanguageTag(match);
    }

    private static String path(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                sb.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                sb.append(sb.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return sb.toString();
    }

    private static byte[] resource(String path) {
        try (InputStream in = TemplateRenderer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
