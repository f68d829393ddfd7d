package dev.mailgate.template;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A template's data schema, derived from its record (never written by hand, so it cannot drift): each field's name,
 * JSON type, whether it is required, and for enums and lists what they hold.
 */
@RegisterForReflection
public record DataSchema(String name, String type, boolean required, String format, List<String> values,
        List<DataSchema> items) {

    public static List<DataSchema> of(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(DataSchema::field).toList();
    }

    @SuppressWarnings("unchecked")
    private static DataSchema field(RecordComponent c) {
        Class<?> t = c.getType();
        boolean required = t.isPrimitive() || has(c, NotNull.class) || has(c, NotBlank.class) || has(c, NotEmpty.class);
        if (t == String.class) {
            return new DataSchema(c.getName(), "string", required, null, null, null);
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return new DataSchema(c.getName(), "integer", required, null, null, null);
        }
        if (t == OffsetDateTime.class) {
            return new DataSchema(c.getName(), "string", required, "date-time", null, null);
        }
        if (t.isEnum()) {
            List<String> values = Arrays.stream(t.getEnumConstants()).map(Object::toString).toList();
            return new DataSchema(c.getName(), "string", required, null, values, null);
        }
        if (List.class.isAssignableFrom(t)) {
            Type element = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            List<DataSchema> items = element instanceof Class<?> e && e.isRecord()
                    ? of((Class<? extends Record>) e) : new ArrayList<>();
            return new DataSchema(c.getName(), "array", required, null, null, items);
        }
        return new DataSchema(c.getName(), "object", required, null, null, null);
    }

    /** Constraints on a record component propagate to its accessor (they target METHOD, not RECORD_COMPONENT). */
    private static boolean has(RecordComponent c, Class<? extends Annotation> a) {
        return c.getAccessor().isAnnotationPresent(a);
    }
}
