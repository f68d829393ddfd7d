package dev.mailgate.template.user;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import dev.mailgate.template.TimeDisplay;
import io.quarkus.qute.CompletedStage;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Results;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.ValueResolver;

/**
 * The only helpers a user template has, each on the one kind of value it fits: {@code display} on a date-time (in
 * the caller's offset and the reader's locale, as the built-in templates show it), {@code format} on a number, and
 * {@code size} and {@code isEmpty} on an array. An absent optional value has every field and helper, all absent. {@link ExpressionCheck} refuses any other name when the template
 * loads; this resolver is the render-time half of the same list.
 */
final class Helpers implements ValueResolver {

    /** Helper name by the kind of value it applies to, as {@link ExpressionCheck} sees the kinds. */
    static final Map<String, Set<String>> BY_KIND = Map.of(
            "date-time", Set.of("display"),
            "integer", Set.of("format"),
            "number", Set.of("format"),
            "array", Set.of("size", "isEmpty"));

    @Override
    public boolean appliesTo(EvalContext ctx) {
        Object base = ctx.getBase();
        if (base == null) {
            return ctx.getParams().isEmpty(); // an absent optional value: its fields and helpers are absent too
        }
        return ctx.getParams().isEmpty() && switch (ctx.getName()) {
            case "display" -> base instanceof RenderModel.DateTime;
            case "format" -> base instanceof Number;
            case "size", "isEmpty" -> base instanceof RenderModel.Items;
            default -> false;
        };
    }

    @Override
    public CompletionStage<Object> resolve(EvalContext ctx) {
        Object base = ctx.getBase();
        if (base == null) {
            return CompletedStage.of("isEmpty".equals(ctx.getName()) ? Boolean.TRUE : null);
        }
        Locale locale = locale(ctx.getAttribute(TemplateInstance.LOCALE));
        return switch (ctx.getName()) {
            case "display" -> CompletedStage.of(TimeDisplay.format(((RenderModel.DateTime) base).time(), locale));
            case "format" -> CompletedStage.of(NumberFormat.getNumberInstance(locale).format(base));
            case "size" -> CompletedStage.of(((RenderModel.Items) base).size());
            case "isEmpty" -> CompletedStage.of(((RenderModel.Items) base).isEmpty());
            default -> Results.notFound(ctx);
        };
    }

    private static Locale locale(Object attribute) {
        return attribute instanceof Locale l ? l : Locale.forLanguageTag(String.valueOf(attribute));
    }
}
