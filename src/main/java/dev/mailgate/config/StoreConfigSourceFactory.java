package dev.mailgate.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The store's datasource settings from {@code mailgate.store.*}. Both datasources are built in; the kind activates
 * one and deactivates the other, so that the embedded store is never opened by a PostgreSQL replica, nor the
 * reverse. The embedded store's JDBC URL is made absolute from {@code mailgate.store.path}: H2 refuses a path that
 * is relative without "./", and an operator should not have to know that. Low ordinal, so explicit
 * {@code quarkus.datasource.*} settings win.
 */
public class StoreConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.\"embedded\".jdbc.url";
    /**
     * WRITE_DELAY=0: every commit reaches the operating system before it returns (with H2's default, a killed process
     * loses the last second of acknowledged messages; bench/results/2026-11-26-store-trial.md). CACHE_SIZE=2048 (KB):
     * H2's page cache defaults to 64 MB, half a small container's heap; under load its turnover filled the old
     * generation every few seconds, and the full collections put 70-100 ms on the synchronous path's p99.
     */
    static final String OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;CACHE_SIZE=2048";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new MapBackedConfigSource("mailgate-store", properties(context::getValue), 150) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }

    /** Unset, or Quarkus' own default (localhost:4317), which is no collector anyone configured. */
    private static boolean blank(ConfigValue v) {
        return v == null || v.getValue() == null || v.getValue().isBlank()
                || v.getValue().trim().replaceAll("/+$", "").equals("http://localhost:4317");
    }

    static Map<String, String> properties(Function<String, ConfigValue> lookup) {
        ConfigValue v = lookup.apply("mailgate.store.path");
        String path = v == null || v.getValue() == null || v.getValue().isBlank() ? "./data" : v.getValue().trim();
        ConfigValue k = lookup.apply("mailgate.store.kind");
        boolean postgresql = k != null && k.getValue() != null && "postgresql".equalsIgnoreCase(k.getValue().trim());
        Map<String, String> p = new HashMap<>();
        p.put(URL, "jdbc:h2:file:" + Path.of(path).toAbsolutePath().normalize().resolve("mailgate") + OPTIONS);
        p.put("quarkus.datasource.\"embedded\".active", Boolean.toString(!postgresql));
        p.put("quarkus.datasource.active", Boolean.toString(postgresql));
        // Tracing exports only where a collector is named (tracing.NoExport steps aside then).
        p.put("dev.mailgate.tracing.no-export", Boolean.toString(blank(lookup.apply("quarkus.otel.exporter.otlp.endpoint"))
                && blank(lookup.apply("quarkus.otel.exporter.otlp.traces.endpoint"))));
        return p;
    }
}
