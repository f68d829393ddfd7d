package dev.mailgate.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The listener's metrics: {@code mailgate_relay_sessions_total} and the open ones, {@code mailgate_relay_auth_failures_total{reason}}
 * and {@code mailgate_relay_messages_total{result}} (queued, or why it was refused). Labels are bounded words.
 */
final class RelayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter sessions;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = Counter.builder("mailgate.relay.sessions").description("SMTP relay sessions").register(registry);
        Gauge.builder("mailgate.relay.sessions.open", open, AtomicInteger::get)
                .description("SMTP relay sessions open now").register(registry);
    }

    void sessionStarted() {
        sessions.increment();
        open.incrementAndGet();
    }

    void sessionEnded() {
        open.decrementAndGet();
    }

    void authFailed(String reason) {
        counters.computeIfAbsent("auth/" + reason, k -> Counter.builder("mailgate.relay.auth.failures")
                .description("Failed or refused AUTH on the SMTP relay").tag("reason", reason).register(registry))
                .increment();
    }

    void message(String result) {
        counters.computeIfAbsent("message/" + result, k -> Counter.builder("mailgate.relay.messages")
                .description("Messages submitted over SMTP, by result").tag("result", result).register(registry))
                .increment();
    }
}
