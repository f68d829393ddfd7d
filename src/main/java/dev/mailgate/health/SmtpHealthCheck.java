package dev.mailgate.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.Account;
import dev.mailgate.delivery.Accounts;
import dev.mailgate.delivery.DeliveryState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the SMTP side, and each account's state: breaker, throttle and daily quota. QQ limits connection
 * frequency, so this never connects on every probe: a recent successful send counts as proof, and otherwise a
 * greeting probe's result is reused for {@code mailgate.health.smtp-check-interval}. Ready while any account's server
 * is reachable: the others are what failover is for.
 * <p>
 * Circuit breakers are reported but never turn readiness DOWN: an open circuit is a fact about the provider, shared
 * by every replica. Taking them all out of service would turn a fast, explained 503 (with Retry-After) into
 * connection errors, and a scale-to-zero platform could not even start a replica to serve it.
 */
@Readiness
@ApplicationScoped
public class SmtpHealthCheck implements AsyncHealthCheck {

    private static final String NAME = "smtp";
    private final Accounts accounts;
    private final Map<String, SmtpProbe> probes = new LinkedHashMap<>();
    private final MailgateConfig.Health config;
    private final boolean mock;

    public SmtpHealthCheck(Accounts accounts, MailgateConfig config, MailMode mode, Vertx vertx) {
        this.accounts = accounts;
        this.config = config.health();
        this.mock = mode.mock();
        for (Account a : accounts.all()) {
            Account.Identity i = a.identity();
            probes.put(a.name(), new SmtpProbe(vertx, i.host(), i.port(), i.implicitTls(), this.config.smtpCheckTimeout()));
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // The quota count is a query on PostgreSQL: off the event loop.
        return Uni.createFrom().item(this::states).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(states -> check().map(up -> {
                    HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).status(up.up());
                    up.data().forEach(b::withData);
                    states.forEach(b::withData);
                    // The first account's breaker, under the name it had before there were several.
                    b.withData("circuit", circuit(accounts.primary()));
                    return b.build();
                }));
    }

    private record Checked(boolean up, Map<String, String> data) {
    }

    private Uni<Checked> check() {
        if (!config.smtpCheck() || mock) {
            return Uni.createFrom().item(new Checked(true, Map.of("mode", mock ? "mock" : "check disabled")));
        }
        List<Uni<Map.Entry<String, SmtpProbe.Result>>> results = new ArrayList<>();
        for (Account a : accounts.all()) {
            DeliveryState.Observation sent = a.state().lastSuccess();
            results.add(sent != null && fresh(sent.at())
                    ? Uni.createFrom().item(Map.entry(a.name(), new SmtpProbe.Result(true, sent.at(), "sent")))
                    : probes.get(a.name()).result(config.smtpCheckInterval()).map(r -> Map.entry(a.name(), r)));
        }
        return Uni.join().all(results).andFailFast().map(list -> {
            Map<String, String> data = new LinkedHashMap<>();
            boolean single = list.size() == 1;
            for (Map.Entry<String, SmtpProbe.Result> e : list) {
                SmtpProbe.Result r = e.getValue();
                String prefix = single ? "" : e.getKey() + ".";
                data.put(prefix + "server", probes.get(e.getKey()).target());
                data.put(prefix + ("sent".equals(r.detail()) ? "lastSent" : "checkedAt"), r.at().toString());
                if (!"sent".equals(r.detail())) {
                    data.put(prefix + "detail", r.detail());
                }
                if (!single) {
                    data.put(prefix + "reachable", Boolean.toString(r.up()));
                }
            }
            return new Checked(list.stream().anyMatch(e -> e.getValue().up()), data);
        });
    }

    /** Each account's breaker, throttle gate and quota, as account.key entries. */
    private Map<String, String> states() {
        Map<String, String> data = new LinkedHashMap<>();
        for (Account a : accounts.all()) {
            String p = "account." + a.name() + ".";
            data.put(p + "circuit", circuit(a));
            long throttled = a.gate().remaining().toSeconds();
            data.put(p + "throttled", throttled > 0 ? throttled + "s" : "no");
            data.put(p + "quota", a.quota().limit().map(l -> a.quota().used() + "/" + l).orElse("none"));
        }
        return data;
    }

    private static String circuit(Account a) {
        return a.circuit().state().name().toLowerCase(Locale.ROOT);
    }

    private boolean fresh(Instant at) {
        return Duration.between(at, Instant.now()).compareTo(config.smtpCheckInterval()) < 0;
    }
}
