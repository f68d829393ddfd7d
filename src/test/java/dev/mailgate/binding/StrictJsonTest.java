package dev.mailgate.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Binding that reports every problem, with paths and expectations, without a running application. */
class StrictJsonTest {

    enum Level { LOW, HIGH }

    record Item(String name, @Min(1) @Max(9) int count) {
    }

    record Doc(String title, Level level, OffsetDateTime at, List<Item> items, List<String> tags,
            Map<String, String> labels) {
    }

    final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    final StrictJson json = new StrictJson(mapper);

    StrictJson.Bound<Doc> bind(String text) throws Exception {
        return json.bind(mapper.readTree(text), Doc.class, "");
    }

    @Test
    void unknownFieldsAtAnyDepthAreNamedWithSuggestions() throws Exception {
        var b = bind("""
                {"titel":"x","extra":[1,2],"items":[{"name":"a","cuont":2}],"tags":["t"]}""");
        assertEquals(List.of(
                new FieldError("extra", "is not a known field"),
                new FieldError("items[0].cuont", "is not a known field; did you mean `count`?"),
                new FieldError("titel", "is not a known field; did you mean `title`?")), b.errors());
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndTheRestStillBinds() throws Exception {
        var b = bind("""
                {"title":{"a":1},"level":"MEDIUM","at":"2026-11-26T08:00:00","items":[{"name":"a","count":"two"}],
                 "tags":"solo","labels":{"k":"v"}}""");
        assertEquals(List.of(
                new FieldError("at", "must be " + Expectations.DATE_TIME + ", not \"2026-11-26T08:00:00\""),
                new FieldError("items[0].count", "must be an integer from 1 to 9, not \"two\""),
                new FieldError("level", "must be one of LOW, HIGH (in any case), not \"MEDIUM\""),
                new FieldError("tags", "must be an array, not a string"),
                new FieldError("title", "must be a string, not an object")), b.errors());
        assertNull(b.value().title());
        assertEquals(Map.of("k", "v"), b.value().labels());
    }

    @Test
    void offsetsAreKept() throws Exception {
        var b = bind("""
                {"at":"2026-11-26T08:00:07+08:00"}""");
        assertTrue(b.ok(), b.errors().toString());
        assertEquals("2026-11-26T08:00:07+08:00", b.value().at().toString());
    }

    @Test
    void notAnObjectAtAll() throws Exception {
        var b = bind("[1,2]");
        assertNull(b.value());
        assertEquals(1, b.errors().size(), b.errors().toString());
        assertEquals("body", b.errors().getFirst().field());
        assertTrue(json.bind(null, Doc.class, "").errors().isEmpty());
    }
}
