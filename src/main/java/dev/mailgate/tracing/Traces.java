package dev.mailgate.tracing;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * mailgate's own spans (SMTP attempts, webhook deliveries) and the trace a message carries: the W3C traceparent of
 * the request that sent it, stored with a queued message, so that its delivery and its webhooks, minutes or a restart
 * later, join the caller's trace.
 */
@ApplicationScoped
public class Traces {

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Traces(OpenTelemetry otel) {
        this.tracer = otel.getTracer("dev.mailgate");
    }

    /** The current span's traceparent, or null outside a trace. */
    public static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** A client span whose parent is the trace {@code traceparent} names (a new trace without one). */
    public SpanBuilder client(String name, String traceparent) {
        Context parent = traceparent == null ? Context.root() : W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
        return tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setParent(parent);
    }

    /** The traceparent of {@code span}, for passing on (a webhook's own traceparent header). */
    public static String of(Span span) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get("traceparent");
    }
}
