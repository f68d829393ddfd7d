package dev.mailgate.template.user;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;

/**
 * The engine user template text goes to, and only it. Unlike the injected {@code Engine}, it has no namespaces (no
 * {@code config:}, which could read the SMTP password, no {@code inject:} or {@code cdi:}), no reflection, no
 * locators (so nothing can be included), only {@code {#if}} and {@code {#for}}/{@code {#each}}, and as values only
 * the checked data ({@link RenderModel}) and a few {@link Helpers}. Data is HTML-escaped in html bodies.
 */
final class Sandbox {

    static final List<String> SECTIONS = List.of("if", "for", "each");

    private static final Engine ENGINE = Engine.builder()
            .addSectionHelper(new IfSectionHelper.Factory())
            .addSectionHelper(new LoopSectionHelper.Factory())
            .addValueResolver(ValueResolvers.mapperResolver())
            .addValueResolver(ValueResolvers.orResolver())
            .addValueResolver(new Helpers())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .strictRendering(true)
            .build();

    private Sandbox() {
    }

    /** Parses one file; a syntax error, an unknown section or a namespace becomes a problem at its place. */
    static Template parse(String file, String text, String contentType, List<TemplateProblem> problems) {
        try {
            return ENGINE.parse(text, Variant.forContentType(contentType), file);
        } catch (TemplateException e) {
            problems.add(problem(file, e));
            return null;
        }
    }

    /** Renders with the budget; the output is charged as it is produced. */
    static String render(Template template, Object data, Locale locale, Budget budget) {
        StringBuilder out = new StringBuilder();
        try {
            template.instance().data("data", data).setLocale(locale).consume(chunk -> {
                budget.output(chunk.length());
                out.append(chunk);
            }).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return out.toString();
    }

    private static TemplateProblem problem(String file, TemplateException e) {
        String message = e.getMessage() == null ? "cannot be parsed" : e.getMessage();
        String code = e.getCode() == null ? "" : e.getCode().getName();
        if (code.contains("NO_SECTION_HELPER_FOUND")) {
            String tag = String.valueOf(e.getArguments().getOrDefault("tag", "{#?}"));
            message = "section " + tag.replaceFirst("^(\\{#[^\\s}]*).*", "$1}") + " is not allowed: a template may"
                    + " use {#if} and {#for}/{#each}, and no {#include} (a template is its own files)";
        } else if (code.contains("NO_NAMESPACE_RESOLVER_FOUND") || message.contains("namespace")) {
            message = "namespaces (config:, inject:, cdi:, …) are not allowed: a template sees only its data";
        }
        int line = e.getOrigin() == null ? 0 : e.getOrigin().getLine();
        int column = e.getOrigin() == null ? 0 : e.getOrigin().getLineCharacterStart();
        return new TemplateProblem(file, line, column, strip(message));
    }

    /** Qute's messages repeat the template id and position, which the problem already carries. */
    private static String strip(String message) {
        return message.replaceFirst("^Parser error in template \\[[^\\]]*\\]:?\\s*", "")
                .replaceFirst("^Parser error[^:]*:\\s*", "");
    }

    static Locale locale(String tag) {
        return Locale.forLanguageTag(tag);
    }
}
