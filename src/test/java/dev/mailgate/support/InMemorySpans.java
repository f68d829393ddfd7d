package dev.mailgate.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;

/** The OpenTelemetry SDK's in-memory exporter, in the applications of profiles that ask for it (TracingProfile). */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    @LookupIfProperty(name = "dev.mailgate.test.in-memory-spans", stringValue = "true")
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
