package dev.mailgate.binding;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Notes each problem Jackson meets and tells it to go on: an unknown field is skipped, a value of the wrong type
 * becomes null. Each note names the field by its JSON path and says what was expected.
 */
final class ProblemCollector extends DeserializationProblemHandler {

    private final Class<?> root;
    private final String prefix;
    private final List<FieldError> errors;

    ProblemCollector(Class<?> root, String prefix, List<FieldError> errors) {
        this.root = root;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Already reported, with its path, by {@link StrictJson}; skipped here. */
    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) throws IOException {
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
            String failureMsg) {
        return wrong(ctxt.getParser(), targetType, "\"" + shorten(value) + "\"");
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
            String failureMsg) {
        return wrong(ctxt.getParser(), targetType, String.valueOf(value));
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) throws IOException {
        Object result = wrong(p, targetType.getRawClass(), given(t));
        p.skipChildren();
        return result;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
            ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
        Object result = wrong(p, instClass, given(p.currentToken()));
        p.skipChildren();
        return result;
    }

    /** A problem Jackson could not be talked past (say, a body that is not an object). */
    FieldError describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            List<Object> path = new ArrayList<>();
            m.getPath().forEach(r -> path.add(r.getFieldName() != null ? r.getFieldName() : r.getIndex()));
            return new FieldError(name(path), Expectations.of(root, path, m.getTargetType()));
        }
        return new FieldError(prefix.isEmpty() ? "body" : prefix, "cannot be read: " + e.getOriginalMessage());
    }

    private Object wrong(JsonParser p, Class<?> target, String given) {
        List<Object> path = path(p);
        errors.add(new FieldError(name(path), Expectations.of(root, path, target) + ", not " + given));
        return null;
    }

    /**
     * Names and array indexes from the document's root down to the current value. On the opening token of an array or
     * object the parser is already inside it, so the value's own place is its parent's.
     */
    private static List<Object> path(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_ARRAY || p.currentToken() == JsonToken.START_OBJECT) {
            context = context.getParent();
        }
        Deque<Object> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                segments.push(c.getCurrentName());
            } else if (c.inArray()) {
                segments.push(Math.max(0, c.getCurrentIndex()));
            }
        }
        return new ArrayList<>(segments);
    }

    /** {@code template.data.entries[0].time} */
    private String name(List<Object> path) {
        StringBuilder sb = new StringBuilder(prefix);
        for (Object s : path) {
            if (s instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(s);
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String given(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
