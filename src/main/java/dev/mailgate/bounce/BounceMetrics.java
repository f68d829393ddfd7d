package dev.mailgate.bounce;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * mailgate_bounces_total{account,type}: hard, soft, block, and unmatched (a bounce tied to no message of the account,
 * or naming none of its recipients: forged, or confused); mailgate_bounce_reader_last_success_seconds{account}.
 */
@ApplicationScoped
class BounceMetrics {

    private static final Logger LOG = Logger.getLogger(BounceMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    BounceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void succeeded(String account) {
        lastSuccess.computeIfAbsent(account, a -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("mailgate.bounce.reader.last.success.seconds", v, AtomicLong::get).tag("account", a)
                    .description("When the account's mailbox was last read (Unix seconds)").register(registry);
            return v;
        }).set(Instant.now().getEpochSecond());
    }

    void failed(String account) {
        Counter.builder("mailgate.bounce.reader.failures").tag("account", account)
                .description("Reads of the account's mailbox that failed (a refused login, IMAP off, the network)")
                .register(registry).increment();
    }

    void read(String account, BounceParser.Result result, Optional<BounceEffects.Applied> applied) {
        if (!(result instanceof BounceParser.Found) || applied.isEmpty()) {
            return;
        }
        BounceEffects.Applied a = applied.get();
        a.affected().forEach(r -> count(account, r.type().wire()));
        if (a.message().isEmpty() || a.foreign() > 0) {
            count(account, "unmatched");
            LOG.warnf("a bounce in the mailbox of account %s was not applied (in full): %s", account, a.why());
        } else if (a.affected().isEmpty()) {
            LOG.debugf("a bounce in the mailbox of account %s: %s", account, a.why());
        }
    }

    private void count(String account, String type) {
        Counter.builder("mailgate.bounces").tag("account", account).tag("type", type)
                .description("Bounces read from the sending mailboxes, by type").register(registry).increment();
    }
}
