package dev.mailgate.binding;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What a field expects, in words a caller can act on: the enum's values, the date-time format with an example, an
 * integer's range from its {@code @Min}/{@code @Max}. "Has the wrong type" helps nobody.
 */
final class Expectations {

    static final String DATE_TIME = "an ISO-8601 date-time with an offset, e.g. 2026-11-26T08:00:00+08:00";

    private Expectations() {
    }

    /**
     * @param root the type being bound
     * @param path the field's path below it: names, and indexes (Integer) into arrays
     * @param target the Java type the value was meant to become
     */
    static String of(Class<?> root, List<Object> path, Class<?> target) {
        Field field = field(root, path);
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) + " (in any case)";
        }
        if (target == OffsetDateTime.class || target == ZonedDateTime.class || target == Instant.class) {
            return "must be " + DATE_TIME;
        }
        if (target == int.class || target == Integer.class || target == long.class || target == Long.class) {
            Min min = field == null ? null : field.getAnnotation(Min.class);
            Max max = field == null ? null : field.getAnnotation(Max.class);
            if (min != null && max != null) {
                return "must be an integer from " + min.value() + " to " + max.value();
            }
            return min != null ? "must be an integer of at least " + min.value() : "must be an integer";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "must be true or false";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    /** The record field at the end of the path, for its constraints; null if the path leaves the records. */
    private static Field field(Class<?> root, List<Object> path) {
        Type type = root;
        Field field = null;
        for (Object segment : path) {
            Class<?> raw = raw(type);
            if (segment instanceof Integer) {
                type = element(type);
                field = null;
            } else if (raw != null && raw.isRecord()) {
                try {
                    field = raw.getDeclaredField((String) segment);
                } catch (NoSuchFieldException e) {
                    return null;
                }
                type = field.getGenericType();
            } else {
                return null;
            }
        }
        return field;
    }

    private static Class<?> raw(Type t) {
        return t instanceof Class<?> c ? c : t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
    }

    private static Type element(Type t) {
        if (t instanceof ParameterizedType p && !Map.class.isAssignableFrom((Class<?>) p.getRawType())) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }
}
