package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValue;

/** Spans are exported only where a collector is named; otherwise tracing.NoExport keeps the OTLP exporter out. */
class TracingExportTest {

    static String noExport(Map<String, String> props) {
        return StoreConfigSourceFactory.properties(name -> props.containsKey(name)
                ? ConfigValue.builder().withName(name).withValue(props.get(name)).build()
                : null).get("dev.mailgate.tracing.no-export");
    }

    @Test
    void exportOnlyWithAnEndpoint() {
        assertEquals("true", noExport(Map.of()));
        assertEquals("true", noExport(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")),
                "Quarkus' own default is no configured collector");
        assertEquals("false", noExport(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://otel-collector:4317")));
        assertEquals("false", noExport(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:4318")));
    }
}
