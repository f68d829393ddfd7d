package dev.mailgate.tracing;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Spans go nowhere unless an OTLP endpoint is configured: no collector is needed to run, and nothing tries to reach
 * one that is not there. While this exporter is in place, Quarkus installs no OTLP exporter; it steps aside (the
 * property is false) as soon as quarkus.otel.exporter.otlp.endpoint or .traces.endpoint is set. Traces are still
 * made, so trace and span ids stay in the logs and in the traceparent mailgate passes on.
 */
@Singleton
@Unremovable // looked up by Quarkus, not injected: unused-bean removal would drop it
@LookupIfProperty(name = "dev.mailgate.tracing.no-export", stringValue = "true")
public class NoExport implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
