package dev.mailgate.template.user;

import java.time.OffsetDateTime;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.qute.Mapper;

/**
 * Checked JSON data as the sandbox sees it: objects as {@link Fields} (only their declared fields, each read
 * charged to the render's budget), arrays as {@link Items} (each iteration charged), date-times as {@link DateTime}.
 * No Java object of mailgate's is ever reachable from a template, and nothing here has a method a template can call.
 */
final class RenderModel {

    private RenderModel() {
    }

    /** {@code weights}: per array schema, the nodes one iteration of the heaviest loop over it renders. */
    static Object of(JsonNode v, JsonSchema s, Budget budget, Map<JsonSchema, Integer> weights) {
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (s.type()) {
            case "object" -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                s.properties().forEach((k, p) -> fields.put(k, of(v.get(k), p, budget, weights)));
                yield new Fields(fields, budget);
            }
            case "array" -> {
                List<Object> items = new ArrayList<>(v.size());
                v.forEach(i -> items.add(of(i, s.items(), budget, weights)));
                yield new Items(items, budget, Math.max(1, weights.getOrDefault(s, 1)));
            }
            case "integer" -> v.isBigInteger() ? v.bigIntegerValue() : (Object) v.asLong();
            case "number" -> v.decimalValue();
            case "boolean" -> v.asBoolean();
            default -> "date-time".equals(s.format()) ? new DateTime(OffsetDateTime.parse(v.asText()), v.asText())
                    : v.asText();
        };
    }

    /** An object's declared fields; an absent optional one reads as null (empty output, false in {#if}). */
    record Fields(Map<String, Object> fields, Budget budget) implements Mapper {

        @Override
        public boolean appliesTo(String key) {
            return fields.containsKey(key);
        }

        @Override
        public Object get(String key) {
            budget.step(1);
            return fields.get(key);
        }

        @Override
        public Set<String> mappedKeys() {
            return fields.keySet();
        }
    }

    /** An array whose every iteration is charged with the weight of the loop body that renders it. */
    static final class Items extends AbstractList<Object> {

        private final List<Object> items;
        private final Budget budget;
        private final int weight;

        Items(List<Object> items, Budget budget, int weight) {
            this.items = items;
            this.budget = budget;
            this.weight = weight;
        }

        @Override
        public Object get(int index) {
            budget.step(weight);
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public Iterator<Object> iterator() {
            Iterator<Object> it = items.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Object next() {
                    budget.step(weight);
                    return it.next();
                }
            };
        }
    }

    /** A date-time as the caller wrote it; {@code display} formats it for the reader (see TimeDisplay). */
    record DateTime(OffsetDateTime time, String original) {
        @Override
        public String toString() {
            return original;
        }
    }
}
