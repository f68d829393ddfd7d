package dev.mailgate.template.user;

import java.util.ArrayList;
import java.util.List;

import dev.mailgate.template.DataSchema;

/** A user template's JSON Schema in the shape the template list gives built-in templates' data, for the preview page. */
public final class UserSchemas {

    private UserSchemas() {
    }

    public static List<DataSchema> fields(JsonSchema object) {
        List<DataSchema> fields = new ArrayList<>();
        object.properties().forEach((name, s) -> fields.add(field(name, s, object.required().contains(name))));
        return fields;
    }

    private static DataSchema field(String name, JsonSchema s, boolean required) {
        List<DataSchema> nested = switch (s.type()) {
            case "array" -> "object".equals(s.items().type()) ? fields(s.items()) : List.of();
            case "object" -> fields(s);
            default -> null;
        };
        return new DataSchema(name, s.type(), required, s.format(), s.enumValues(), nested);
    }
}
