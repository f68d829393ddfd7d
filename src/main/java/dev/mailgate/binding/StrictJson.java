package dev.mailgate.binding;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * JSON into a typed record, with every problem reported at once instead of the first: unknown fields (with a
 * suggestion when a known name is close), and values of the wrong type, each saying what was expected. Jackson is
 * told to go on past each problem ({@link ProblemCollector}), so one pass finds them all; a field with a problem is
 * left null.
 * <p>
 * Date-times keep the offset they were given (Jackson would move them to UTC), because templates show them as the
 * caller wrote them.
 */
@ApplicationScoped
public class StrictJson {

    /** The value, possibly with nulls where a field had a problem, and the problems. */
    public record Bound<T>(T value, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Names from other mail APIs that mean one of ours. */
    private static final Map<String, String> ALIASES = Map.of("attachment", "attachments", "file", "attachments",
            "files", "attachments", "body", "text", "reply_to", "replyTo", "sender", "from", "recipients", "to", "send_at", "sendAt");

    private final ObjectReader base;

    public StrictJson(ObjectMapper mapper) {
        this.base = mapper.reader()
                .without(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * Binds {@code json} to {@code type}. Field names in the errors start with {@code prefix} ({@code template.data},
     * or empty for a request body).
     */
    public <T> Bound<T> bind(JsonNode json, Class<T> type, String prefix) {
        if (json == null || json.isMissingNode()) {
            return new Bound<>(null, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(json, type, new StringBuilder(prefix), errors);
        ProblemCollector collector = new ProblemCollector(type, prefix, errors);
        try {
            T value = base.forType(type).withHandler(collector).readValue(json);
            errors.sort(Comparator.comparing(FieldError::field));
            return new Bound<>(value, List.copyOf(errors));
        } catch (JsonProcessingException e) {
            // Something the collector could not step past; it still names the field.
            errors.add(collector.describe(e));
            return new Bound<>(null, List.copyOf(errors));
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory JSON tree cannot do I/O", e);
        }
    }

    /**
     * Fields the records do not have, found by walking the tree beside the record types. Done here rather than in
     * Jackson's unknown-property callback because records buffer unknown properties, and the buffered parser no
     * longer knows where in the document it is.
     */
    private static void unknownFields(JsonNode node, Type type, StringBuilder path, List<FieldError> errors) {
        Class<?> raw = type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : null;
        if (raw == null) {
            return;
        }
        if (node.isObject() && raw.isRecord()) {
            Map<String, RecordComponent> components = new LinkedHashMap<>();
            for (RecordComponent rc : raw.getRecordComponents()) {
                components.put(rc.getName(), rc);
            }
            node.properties().forEach(field -> {
                int mark = path.length();
                path.append(path.isEmpty() ? "" : ".").append(field.getKey());
                RecordComponent rc = components.get(field.getKey());
                if (rc == null) {
                    errors.add(new FieldError(path.toString(), "is not a known field"
                            + Suggestions.hint(field.getKey(), components.keySet(), ALIASES)));
                } else {
                    unknownFields(field.getValue(), rc.getGenericType(), path, errors);
                }
                path.setLength(mark);
            });
        } else if (node.isArray() && List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            for (int i = 0; i < node.size(); i++) {
                int mark = path.length();
                path.append('[').append(i).append(']');
                unknownFields(node.get(i), p.getActualTypeArguments()[0], path, errors);
                path.setLength(mark);
            }
        }
    }
}
