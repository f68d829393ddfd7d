package dev.mailgate.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;
import dev.mailgate.store.Store;
import dev.mailgate.store.Rows;

/**
 * The queue in numbers: {@code mailgate_outbox_messages{status}}, the age of the oldest due message, queue-to-sent
 * lag, deferrals by cause, and whether the queue is paused. The counts come from one query every few seconds, not
 * from each scrape.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final MeterRegistry registry;
    private final Store store;
    private final Map<Status, AtomicLong> counts = new EnumMap<>(Status.class);
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private final Map<String, Counter> deferrals = new ConcurrentHashMap<>();
    private final Timer lag;
    private volatile String paused;

    public OutboxMetrics(MeterRegistry registry, Store store) {
        this.registry = registry;
        this.store = store;
        for (Status s : Status.values()) {
            AtomicLong n = new AtomicLong();
            counts.put(s, n);
            Gauge.builder("mailgate.outbox.messages", n, AtomicLong::get).tag("status", s.wire())
                    .description("Messages in the store by status").register(registry);
        }
        Gauge.builder("mailgate.outbox.oldest.due.seconds", oldestDueMillis, v -> v.get() / 1000.0)
                .description("How long the oldest due message has been waiting").register(registry);
        Gauge.builder("mailgate.outbox.paused", this, m -> m.paused == null ? 0 : 1)
                .description("1 while the queue waits for the provider or for a working login").register(registry);
        this.lag = Timer.builder("mailgate.outbox.lag").description("From due (accepted or sendAt) to sent")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.9, 0.99).register(registry);
    }

    void sent(Instant due) {
        lag.record(Duration.between(due, Instant.now()));
    }

    void deferred(String cause) {
        deferrals.computeIfAbsent(cause, c -> Counter.builder("mailgate.outbox.deferrals").tag("cause", c)
                .description("Messages put back without an attempt, by cause").register(registry)).increment();
    }

    void paused(String cause) {
        this.paused = cause;
    }

    @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection c = store.connection()) {
            Map<Status, Long> now = new EnumMap<>(Status.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM message GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Status s = Status.fromWire(rs.getString(1)).orElse(null);
                    if (s != null) {
                        now.put(s, rs.getLong(2));
                    }
                }
            }
            counts.forEach((s, n) -> n.set(now.getOrDefault(s, 0L)));
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(next_attempt_at) FROM message"
                    + store.useIndex("message_next_attempt") + " WHERE next_attempt_at >= ? AND next_attempt_at <= ?"
                    + " AND status IN ('scheduled', 'queued', 'retrying')")) {
                ps.setObject(1, Rows.ts(Instant.EPOCH));
                ps.setObject(2, Rows.ts(Instant.now()));
                try (ResultSet rs = ps.executeQuery()) {
                    java.time.OffsetDateTime min = rs.next() ? rs.getObject(1, java.time.OffsetDateTime.class) : null;
                    Instant oldest = min == null ? null : min.toInstant();
                    oldestDueMillis.set(oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis());
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("outbox metrics not refreshed: %s", e.getMessage());
        }
    }
}
