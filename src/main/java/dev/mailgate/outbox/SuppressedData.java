package dev.mailgate.outbox;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.mailgate.suppression.Suppressions;

/** What message.suppressed carries: each dropped recipient with its reason and since when. */
final class SuppressedData {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SuppressedData() {
    }

    static String json(List<Suppressions.Hit> hits) {
        try {
            return JSON.writeValueAsString(Map.of("suppressed", hits.stream().map(h -> Map.of("address", h.address(),
                    "reason", h.reason().wire(), "since", h.since().toString())).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
