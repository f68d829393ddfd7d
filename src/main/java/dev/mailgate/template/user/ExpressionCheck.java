package dev.mailgate.template.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailgate.binding.Suggestions;
import io.quarkus.qute.Expression;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateNode;

/**
 * Walks every expression of a parsed template against its schema, so that a template naming a field its data does
 * not have is refused when it loads rather than rendering a blank line for the 10,000th customer. It also weighs
 * each loop body for the render {@link Budget}.
 */
final class ExpressionCheck {

    private static final Set<String> LOOP_METADATA = Set.of("index", "count", "hasNext", "isFirst", "isLast", "odd",
            "even", "isOdd", "isEven", "indexParity");

    /** What an expression yields: a schema node, or a plain value (a helper's result, loop metadata). */
    private record Kind(JsonSchema schema, String plain, String path) {
        String name() {
            if (schema == null) {
                return plain;
            }
            return "date-time".equals(schema.format()) ? "date-time" : schema.type();
        }
    }

    private final JsonSchema root;
    private final String file;
    private final List<TemplateProblem> problems;
    private final Map<JsonSchema, Integer> weights;

    private ExpressionCheck(JsonSchema root, String file, List<TemplateProblem> problems, Map<JsonSchema, Integer> weights) {
        this.root = root;
        this.file = file;
        this.problems = problems;
        this.weights = weights;
    }

    /** Adds every problem of {@code template} to {@code problems}, and each loop's weight to {@code weights}. */
    static void check(Template template, JsonSchema root, String file, List<TemplateProblem> problems,
            Map<JsonSchema, Integer> weights) {
        new ExpressionCheck(root, file, problems, weights).walk(template.getNodes(), Map.of());
    }

    private void walk(List<TemplateNode> nodes, Map<String, Kind> aliases) {
        for (TemplateNode node : nodes) {
            if (node.isExpression()) {
                for (Expression e : node.getExpressions()) {
                    Kind k = kind(e, aliases);
                    if (k != null && k.schema() != null && ("object".equals(k.name()) || "array".equals(k.name()))) {
                        problem(e.getOrigin(), "`" + k.path() + "` is " + article(k.name()) + ": output "
                                + ("array".equals(k.name()) ? "its items with {#for item in " + k.path() + "}"
                                        : "its fields, such as " + k.path() + "." + k.schema().properties().keySet()
                                                .stream().findFirst().orElse("field")));
                    }
                }
            } else if (node.isSection()) {
                section(node.asSection(), aliases);
            } else if (!node.isText() && node.kind() == TemplateNode.Kind.PARAM_DECLARATION) {
                problem(node.getOrigin(), "{@ …} declarations are not used: the schema declares the data");
            }
        }
    }

    private void section(SectionNode s, Map<String, Kind> aliases) {
        if (!Sandbox.SECTIONS.contains(s.getName())) {
            problem(s.getOrigin(), "section {#" + s.getName() + "} is not allowed: a template may use {#if} and"
                    + " {#for}/{#each}");
            return;
        }
        boolean loop = !"if".equals(s.getName());
        for (int i = 0; i < s.getBlocks().size(); i++) {
            SectionBlock block = s.getBlocks().get(i);
            if (loop && i == 0) {
                loopBlock(s, block, aliases);
            } else {
                block.expressions.values().forEach(e -> kind(e, aliases));
                walk(block.nodes, aliases);
            }
        }
    }

    private void loopBlock(SectionNode s, SectionBlock block, Map<String, Kind> aliases) {
        Expression iterable = block.expressions.get("iterable");
        if (iterable == null) {
            block.expressions.values().forEach(e -> kind(e, aliases));
            walk(block.nodes, aliases);
            return;
        }
        String alias = block.parameters.get("alias");
        if (alias == null || alias.startsWith("$")) {
            alias = "it";
        }
        if (iterable.isLiteral()) {
            problem(iterable.getOrigin(), "{#" + s.getName() + "} over " + iterable.toOriginalString()
                    + ", which is not an array of the data: a template loops over its data only");
            Map<String, Kind> inner = new HashMap<>(aliases);
            inner.put(alias, null); // known, so its uses are not reported again
            walk(block.nodes, inner);
            return;
        }
        Kind over = kind(iterable, aliases);
        Map<String, Kind> inner = new HashMap<>(aliases);
        if (over != null && over.schema() != null && "array".equals(over.schema().type())) {
            inner.put(alias, new Kind(over.schema().items(), null, alias));
            weights.merge(over.schema(), weight(block.nodes), Math::max);
        } else if (over != null) {
            problem(iterable.getOrigin(), "{#" + s.getName() + "} over `" + over.path() + "`, which is "
                    + article(over.name()) + ", not an array");
            inner.put(alias, null); // known, so its uses are not reported again
        } else {
            inner.put(alias, null);
        }
        walk(block.nodes, inner);
    }

    /** The kind of {@code e}, or null after adding the problem (or for a literal or an unknown alias). */
    private Kind kind(Expression e, Map<String, Kind> aliases) {
        if (e.isLiteral()) {
            return null;
        }
        if (e.hasNamespace()) {
            problem(e.getOrigin(), "`" + e.getNamespace() + ":` is not allowed: a template sees only its data");
            return null;
        }
        List<Expression.Part> parts = e.getParts();
        Expression.Part first = parts.get(0);
        if (first.isVirtualMethod()) {
            problem(e.getOrigin(), "`" + first.getName() + "(…)`: methods cannot be called");
            return null;
        }
        Kind kind = start(first.getName(), aliases, e);
        if (kind == null) {
            return null;
        }
        for (Expression.Part part : parts.subList(1, parts.size())) {
            kind = next(kind, part, aliases, e);
            if (kind == null) {
                return null;
            }
        }
        return kind;
    }

    private Kind start(String name, Map<String, Kind> aliases, Expression e) {
        if ("data".equals(name)) {
            return new Kind(root, null, "data");
        }
        if (aliases.containsKey(name)) {
            return aliases.get(name);
        }
        int underscore = name.lastIndexOf('_');
        if (underscore > 0 && aliases.containsKey(name.substring(0, underscore))
                && LOOP_METADATA.contains(name.substring(underscore + 1))) {
            String m = name.substring(underscore + 1);
            return new Kind(null, m.equals("index") || m.equals("count") ? "integer" : "boolean", name);
        }
        List<String> known = new ArrayList<>(aliases.keySet());
        known.add("data");
        problem(e.getOrigin(), "`" + name + "` is not known: the template's data is `data` (data.<field>)"
                + (aliases.isEmpty() ? "" : ", and in this loop " + String.join(", ", aliases.keySet()))
                + Suggestions.hint(name, known, Map.of()));
        return null;
    }

    private Kind next(Kind kind, Expression.Part part, Map<String, Kind> aliases, Expression e) {
        String name = part.getName();
        String path = kind.path() + "." + name;
        if (part.isVirtualMethod()) {
            if (("or".equals(name) || "?:".equals(name)) && part.asVirtualMethod().getParameters().size() == 1) {
                part.asVirtualMethod().getParameters().forEach(p -> kind(p, aliases));
                return kind;
            }
            problem(e.getOrigin(), "`" + path + "(…)`: methods cannot be called (a default is `" + kind.path()
                    + " ?: 'text'`)");
            return null;
        }
        if (kind.schema() != null && "object".equals(kind.schema().type())) {
            JsonSchema field = kind.schema().properties().get(name);
            if (field == null) {
                problem(e.getOrigin(), "`" + path + "`: `" + kind.path() + "` has no field `" + name + "`"
                        + Suggestions.hint(name, kind.schema().properties().keySet(), Map.of()));
                return null;
            }
            return new Kind(field, null, path);
        }
        Set<String> helpers = Helpers.BY_KIND.getOrDefault(kind.name(), Set.of());
        if (helpers.contains(name)) {
            return new Kind(null, "display".equals(name) || "format".equals(name) ? "string"
                    : "size".equals(name) ? "integer" : "boolean", path);
        }
        problem(e.getOrigin(), "`" + path + "`: `" + kind.path() + "` is " + article(kind.name())
                + " and has no property `" + name + "`" + (helpers.isEmpty() ? ""
                        : " (it has " + String.join(", ", helpers.stream().sorted().toList()) + ")")
                + ("array".equals(kind.name()) ? "; loop over it with {#for item in " + kind.path() + "}" : ""));
        return null;
    }

    /** The nodes one iteration of a loop body renders, nested bodies counted once (theirs are charged apart). */
    private static int weight(List<TemplateNode> nodes) {
        int n = 0;
        for (TemplateNode node : nodes) {
            n++;
            if (node.isSection()) {
                for (SectionBlock b : node.asSection().getBlocks()) {
                    n += weight(b.nodes);
                }
            }
        }
        return n;
    }

    private void problem(TemplateNode.Origin origin, String message) {
        problems.add(new TemplateProblem(file, origin == null ? 0 : origin.getLine(),
                origin == null ? 0 : origin.getLineCharacterStart(), message));
    }

    private static String article(String kind) {
        return switch (kind) {
            case "array", "object", "integer" -> "an " + kind;
            default -> "a " + kind;
        };
    }
}
