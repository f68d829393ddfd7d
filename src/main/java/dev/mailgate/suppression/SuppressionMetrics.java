package dev.mailgate.suppression;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * mailgate_suppressions{reason}, counted by a job every minute and never on a request path, and
 * mailgate_suppressed_recipients_total{path}: recipients refused or dropped at the API, the relay or the queue. The
 * same job purges tombstones and expired entries older than a day.
 */
@ApplicationScoped
public class SuppressionMetrics {

    private static final Logger LOG = Logger.getLogger(SuppressionMetrics.class);

    /** Where a recipient was stopped. */
    public enum Path {
        API, RELAY, QUEUE
    }

    private final Suppressions suppressions;
    private final Map<Reason, AtomicLong> entries = new EnumMap<>(Reason.class);
    private final Map<Path, Counter> stopped = new EnumMap<>(Path.class);

    private final Duration retention;

    public SuppressionMetrics(Suppressions suppressions, MeterRegistry registry,
            dev.mailgate.config.MailgateConfig config) {
        this.suppressions = suppressions;
        this.retention = config.outbox().retention();
        for (Reason r : Reason.values()) {
            AtomicLong n = new AtomicLong();
            entries.put(r, n);
            Gauge.builder("mailgate.suppressions", n, AtomicLong::get).tag("reason", r.wire())
                    .description("Entries on the suppression list, counted every minute").register(registry);
        }
        for (Path p : Path.values()) {
            stopped.put(p, Counter.builder("mailgate.suppressed.recipients").tag("path", p.name().toLowerCase(
                    java.util.Locale.ROOT)).description("Recipients not sent to because they are suppressed")
                    .register(registry));
        }
    }

    public void stopped(Path path, int recipients) {
        if (recipients > 0) {
            stopped.get(path).increment(recipients);
        }
    }

    @Scheduled(every = "60s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        try {
            suppressions.counts().forEach((r, n) -> entries.get(r).set(n));
        } catch (Exception e) {
            LOG.debugf("the suppression list could not be counted: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        // The list's events are kept as long as messages' records are (mailgate.outbox.retention).
        suppressions.purge(Instant.now().minus(Duration.ofDays(1)), Instant.now().minus(retention));
    }
}
