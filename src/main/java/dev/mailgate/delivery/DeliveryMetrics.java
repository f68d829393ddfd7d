package dev.mailgate.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivery metrics, per message (not per attempt): {@code mailgate_messages_total{outcome,provider}}, a latency
 * histogram, attempts per message, the circuit state and SMTP transactions in flight. Labels are bounded enums: never a
 * recipient or a key.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final String provider;
    private final Timer latency;
    private final DistributionSummary attempts;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** One counter per outcome, built once: this runs for every message. */
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, MailgateConfig config, CircuitClock circuit,
            @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "10") int poolSize, MailMode mode) {
        this.registry = registry;
        // Captured mail went to no provider; labelling it "qq" would mix dev traffic into the real account's figures.
        this.provider = mode.mock() ? "mock" : config.provider().toLowerCase(Locale.ROOT);
        this.latency = Timer.builder("mailgate.send.duration").description("Time to a final outcome, retries included")
                .tag("provider", provider).publishPercentileHistogram().register(registry);
        this.attempts = DistributionSummary.builder("mailgate.send.attempts").description("SMTP attempts per message")
                .tag("provider", provider).register(registry);
        Gauge.builder("mailgate.circuit.state", circuit, c -> stateValue(c.state()))
                .description("SMTP circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
        Gauge.builder("mailgate.smtp.inflight", inFlight, AtomicInteger::get)
                .description("SMTP transactions in progress").register(registry);
        // With mailgate.smtp.connections (SmtpClient) this gives pool utilisation.
        Gauge.builder("mailgate.smtp.pool.max", () -> poolSize)
                .description("Configured SMTP connection pool size").register(registry);
    }

    void attemptStarted() {
        inFlight.incrementAndGet();
    }

    void attemptEnded() {
        inFlight.decrementAndGet();
    }

    /** One message's final outcome: "sent", a delivery outcome, or why mailgate refused to try. */
    public void record(String outcome, Duration took, int attemptCount) {
        messages.computeIfAbsent(outcome, o -> Counter.builder("mailgate.messages").description("Messages by final outcome")
                .tag("outcome", o).tag("provider", provider).register(registry)).increment();
        latency.record(took);
        if (attemptCount > 0) {
            attempts.record(attemptCount);
        }
    }

    private static double stateValue(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
