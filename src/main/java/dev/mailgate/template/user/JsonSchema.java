package dev.mailgate.template.user;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.Suggestions;

/**
 * A user template's data schema: the part of JSON Schema 2020-12 that fits mail data. Anything outside it is refused
 * by name when the schema loads, so a schema never means more than mailgate checks. An object refuses properties it
 * does not declare unless it says {@code additionalProperties: true}.
 */
public record JsonSchema(String type, Map<String, JsonSchema> properties, Set<String> required, boolean additional,
        List<String> enumValues, Integer maxLength, String format, BigDecimal minimum, BigDecimal maximum,
        JsonSchema items, Integer maxItems) {

    static final Set<String> TYPES = Set.of("object", "string", "integer", "number", "boolean", "array");
    static final Set<String> FORMATS = Set.of("date-time", "email", "uri");
    /** Keywords that only describe; allowed anywhere and ignored. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples",
            "$comment");
    private static final Map<String, Set<String>> KEYWORDS = Map.of(
            "object", Set.of("type", "properties", "required", "additionalProperties"),
            "string", Set.of("type", "enum", "maxLength", "format"),
            "integer", Set.of("type", "minimum", "maximum"),
            "number", Set.of("type", "minimum", "maximum"),
            "boolean", Set.of("type"),
            "array", Set.of("type", "items", "maxItems"));

    /** Parses a schema whose root is an object; every problem is added to {@code problems}, named by its path. */
    public static JsonSchema parse(JsonNode root, List<FieldError> problems) {
        if (root == null || !root.isObject()) {
            problems.add(new FieldError("schema", "must be a JSON Schema object with \"type\": \"object\""));
            return null;
        }
        JsonSchema schema = node(root, "schema", problems);
        if (schema != null && !"object".equals(schema.type())) {
            problems.add(new FieldError("schema.type", "the root must be \"object\": templates get named fields"));
        }
        return schema;
    }

    private static JsonSchema node(JsonNode n, String path, List<FieldError> problems) {
        if (!n.isObject()) {
            problems.add(new FieldError(path, "must be a schema object"));
            return null;
        }
        JsonNode t = n.get("type");
        if (t == null || !t.isTextual() || !TYPES.contains(t.asText())) {
            problems.add(new FieldError(path + ".type", "must be one of " + String.join(", ", sorted(TYPES))
                    + " (a single type: a field that may be absent is simply not required)"));
            return null;
        }
        String type = t.asText();
        Set<String> allowed = KEYWORDS.get(type);
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k) && !ANNOTATIONS.contains(k)) {
                problems.add(new FieldError(path + "." + k, "`" + k + "` is outside the supported subset of JSON Schema"
                        + " for " + type + " (supported: " + String.join(", ", sorted(allowed)) + ")"));
            }
        }
        Map<String, JsonSchema> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        boolean additional = false;
        if ("object".equals(type)) {
            JsonNode p = n.get("properties");
            if (p != null && !p.isObject()) {
                problems.add(new FieldError(path + ".properties", "must be an object of schemas"));
            } else if (p != null) {
                p.fields().forEachRemaining(e -> {
                    if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        problems.add(new FieldError(path + ".properties." + e.getKey(),
                                "a field name must be letters, digits and _, not starting with a digit (templates"
                                        + " name it as data." + e.getKey() + ")"));
                    }
                    properties.put(e.getKey(), node(e.getValue(), path + ".properties." + e.getKey(), problems));
                });
            }
            JsonNode r = n.get("required");
            if (r != null) {
                if (!r.isArray()) {
                    problems.add(new FieldError(path + ".required", "must be an array of property names"));
                } else {
                    for (JsonNode name : r) {
                        if (!name.isTextual() || !properties.containsKey(name.asText())) {
                            problems.add(new FieldError(path + ".required", "names " + name + ", which is not"
                                    + " in properties" + Suggestions.hint(name.asText(), properties.keySet(), Map.of())));
                        } else {
                            required.add(name.asText());
                        }
                    }
                }
            }
            JsonNode a = n.get("additionalProperties");
            if (a != null && !a.isBoolean()) {
                problems.add(new FieldError(path + ".additionalProperties", "must be true or false (a schema for"
                        + " unnamed properties is outside the supported subset)"));
            }
            additional = a != null && a.asBoolean(false);
        }
        List<String> enumValues = null;
        JsonNode e = n.get("enum");
        if (e != null) {
            if (!e.isArray() || e.isEmpty() || !allText(e)) {
                problems.add(new FieldError(path + ".enum", "must be a non-empty array of strings"));
            } else {
                enumValues = new ArrayList<>();
                for (JsonNode v : e) {
                    enumValues.add(v.asText());
                }
            }
        }
        String format = null;
        if (n.has("format")) {
            format = n.get("format").asText();
            if (!FORMATS.contains(format)) {
                problems.add(new FieldError(path + ".format", "must be one of " + String.join(", ", sorted(FORMATS))));
            }
        }
        JsonSchema items = null;
        if ("array".equals(type)) {
            JsonNode i = n.get("items");
            if (i == null) {
                problems.add(new FieldError(path + ".items", "is required: a template loops over known items"));
            } else {
                items = node(i, path + ".items", problems);
            }
        }
        return new JsonSchema(type, properties, required, additional, enumValues,
                count(n, "maxLength", path, problems), format, bound(n, "minimum", path, problems),
                bound(n, "maximum", path, problems), items, count(n, "maxItems", path, problems));
    }

    /** Every problem of {@code data} at once, named by path ({@code template.data.items[2].name}). */
    public List<FieldError> check(JsonNode data, String path) {
        List<FieldError> problems = new ArrayList<>();
        check(this, data, path, problems);
        return problems;
    }

    private static void check(JsonSchema s, JsonNode v, String path, List<FieldError> problems) {
        switch (s.type) {
            case "object" -> {
                if (!v.isObject()) {
                    problems.add(new FieldError(path, "must be an object"));
                    return;
                }
                for (String r : s.required) {
                    JsonNode value = v.get(r);
                    if (value == null || value.isNull()) {
                        problems.add(new FieldError(path + "." + r, "is required"));
                    }
                }
                v.fields().forEachRemaining(f -> {
                    JsonSchema p = s.properties.get(f.getKey());
                    if (p == null) {
                        if (!s.additional) {
                            problems.add(new FieldError(path + "." + f.getKey(), "is not a field of this template"
                                    + Suggestions.hint(f.getKey(), s.properties.keySet(), Map.of())));
                        }
                    } else if (!f.getValue().isNull()) {
                        check(p, f.getValue(), path + "." + f.getKey(), problems);
                    }
                });
            }
            case "array" -> {
                if (!v.isArray()) {
                    problems.add(new FieldError(path, "must be an array"));
                    return;
                }
                if (s.maxItems != null && v.size() > s.maxItems) {
                    problems.add(new FieldError(path, "must have at most " + s.maxItems + " items"));
                    return;
                }
                for (int i = 0; i < v.size(); i++) {
                    check(s.items, v.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> checkString(s, v, path, problems);
            case "integer", "number" -> {
                if (!v.isNumber() || ("integer".equals(s.type) && !isIntegral(v))) {
                    problems.add(new FieldError(path, "must be " + ("integer".equals(s.type) ? "an integer" : "a number")));
                    return;
                }
                BigDecimal d = v.decimalValue();
                if (s.minimum != null && d.compareTo(s.minimum) < 0) {
                    problems.add(new FieldError(path, "must be at least " + s.minimum.toPlainString()));
                }
                if (s.maximum != null && d.compareTo(s.maximum) > 0) {
                    problems.add(new FieldError(path, "must be at most " + s.maximum.toPlainString()));
                }
            }
            default -> {
                if (!v.isBoolean()) {
                    problems.add(new FieldError(path, "must be true or false"));
                }
            }
        }
    }

    private static void checkString(JsonSchema s, JsonNode v, String path, List<FieldError> problems) {
        if (!v.isTextual()) {
            problems.add(new FieldError(path, "must be a string"));
            return;
        }
        String text = v.asText();
        if (s.enumValues != null && !s.enumValues.contains(text)) {
            problems.add(new FieldError(path, "must be one of " + String.join(", ", s.enumValues)
                    + Suggestions.hint(text, s.enumValues, Map.of())));
        }
        if (s.maxLength != null && text.codePointCount(0, text.length()) > s.maxLength) {
            problems.add(new FieldError(path, "must be at most " + s.maxLength + " characters"));
        }
        if (s.format != null && !formatted(s.format, text)) {
            problems.add(new FieldError(path, switch (s.format) {
                case "date-time" -> "must be an RFC 3339 date-time with an offset, such as 2026-11-26T08:00:00+08:00";
                case "email" -> "must be an email address";
                default -> "must be an absolute URI";
            }));
        }
    }

    private static boolean formatted(String format, String text) {
        switch (format) {
            case "date-time":
                try {
                    OffsetDateTime.parse(text);
                    return true;
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "email":
                return MailboxAddress.addrSpecProblem(text).isEmpty();
            default:
                try {
                    return new URI(text).isAbsolute();
                } catch (URISyntaxException e) {
                    return false;
                }
        }
    }

    private static boolean isIntegral(JsonNode v) {
        return v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Integer count(JsonNode n, String key, String path, List<FieldError> problems) {
        JsonNode v = n.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
            problems.add(new FieldError(path + "." + key, "must be a non-negative integer"));
            return null;
        }
        return v.asInt();
    }

    private static BigDecimal bound(JsonNode n, String key, String path, List<FieldError> problems) {
        JsonNode v = n.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            problems.add(new FieldError(path + "." + key, "must be a number"));
            return null;
        }
        return v.decimalValue();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
