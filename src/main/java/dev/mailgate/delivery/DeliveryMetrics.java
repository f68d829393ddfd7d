package dev.mailgate.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.AccountRules;
import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Delivery metrics. Per message (not per attempt): {@code mailgate_messages_total{outcome,provider,account}}, a
 * latency histogram and attempts per message. Per SMTP attempt: {@code mailgate_smtp_attempts_total{account,outcome}},
 * which shows failovers. Also SMTP transactions in flight; each account's breaker state and pool are registered with
 * the account ({@link Accounts}). Labels are bounded: outcomes, providers and configured account names, never a
 * recipient or a key. {@code account} is "none" when no account was tried (mailgate's own limits refused first).
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<String, String> providers = new HashMap<>();
    private final String firstProvider;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Meters built once per label set: this runs for every message. */
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> attemptsPerMessage = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, MailgateConfig config, MailMode mode) {
        this.registry = registry;
        // Captured mail went to no provider; labelling it "qq" would mix dev traffic into the real account's figures.
        if (config.accounts().named().isEmpty()) {
            providers.put(Accounts.DEFAULT, mode.mock() ? "mock" : config.provider().toLowerCase(Locale.ROOT));
        } else {
            config.accounts().named().forEach((name, a) -> providers.put(name,
                    mode.mock() ? "mock" : AccountRules.provider(a).key()));
        }
        String first = config.accounts().named().isEmpty() ? Accounts.DEFAULT : config.accounts().ordered().get(0);
        this.firstProvider = providers.get(first);
        Gauge.builder("mailgate.smtp.inflight", inFlight, AtomicInteger::get)
                .description("SMTP transactions in progress").register(registry);
    }

    void attemptStarted() {
        inFlight.incrementAndGet();
    }

    void attemptEnded() {
        inFlight.decrementAndGet();
    }

    /** One SMTP attempt through {@code account}: "sent" or its classified failure. */
    void attempt(String account, Throwable failure) {
        String outcome = failure == null ? "sent" : failure instanceof DeliveryException d
                ? d.outcome().name().toLowerCase(Locale.ROOT) : "error";
        attempts.computeIfAbsent(account + "/" + outcome, k -> Counter.builder("mailgate.smtp.attempts")
                .description("SMTP attempts by account and outcome").tag("account", account).tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** One message's final outcome: "sent", a delivery outcome, or why mailgate refused to try. */
    public void record(String outcome, Duration took, int attemptCount, String account) {
        String a = account == null ? NONE : account;
        String provider = providers.getOrDefault(a, firstProvider);
        messages.computeIfAbsent(outcome + "/" + a, k -> Counter.builder("mailgate.messages")
                .description("Messages by final outcome").tag("outcome", outcome).tag("provider", provider)
                .tag("account", a).register(registry)).increment();
        latency.computeIfAbsent(a, k -> Timer.builder("mailgate.send.duration")
                .description("Time to a final outcome, retries included").tag("provider", provider).tag("account", a)
                .publishPercentileHistogram().register(registry)).record(took);
        if (attemptCount > 0) {
            attemptsPerMessage.computeIfAbsent(a, k -> DistributionSummary.builder("mailgate.send.attempts")
                    .description("SMTP attempts per message").tag("provider", provider).tag("account", a)
                    .register(registry)).record(attemptCount);
        }
    }

    static double stateValue(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
