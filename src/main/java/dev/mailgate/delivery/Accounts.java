package dev.mailgate.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.ObserverMethod;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.config.AccountConfig;
import dev.mailgate.config.AccountRules;
import dev.mailgate.config.MailMode;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.Provider;
import dev.mailgate.security.SecretScrubber;
import dev.mailgate.smtp.SmtpClient;
import dev.mailgate.smtp.SmtpSettings;
import dev.mailgate.tracing.Traces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.mailer.runtime.Mailers;
import io.quarkus.mailer.runtime.MailersRuntimeConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.core.Vertx;
import dev.mailgate.address.SenderPatterns;
import dev.mailgate.config.DeliveryPolicyConfig;

/**
 * The SMTP accounts in routing order, built once at start-up (after the configuration was validated): the named
 * {@code mailgate.accounts.<name>.*}, or else the single account of {@code quarkus.mailer.*}, named {@code default}.
 */
@ApplicationScoped
@Startup(ObserverMethod.DEFAULT_PRIORITY + 100) // after StartupValidator, which lists every problem at once
public class Accounts {

    public static final String DEFAULT = "default";
    /** The single account's breaker keeps the name it had before accounts existed. */
    static final String DEFAULT_BREAKER = "smtp";
    private static final Logger LOG = Logger.getLogger(Accounts.class);

    private final List<Account> ordered;
    private final boolean replyToPrimary;

    public Accounts(MailgateConfig config, Config raw, MailersRuntimeConfig mailers, TlsConfigurationRegistry tls,
            io.vertx.core.Vertx vertx, Vertx mutinyVertx, ReactiveMailer mailer, MailMode mode,
            SharedLimits shared, CircuitBreakerMaintenance maintenance, DeliveryMetrics metrics, TimeBudget budget,
            SecretScrubber scrubber, Traces traces, MeterRegistry registry) {
        SmtpFailureClassifier classifier = new SmtpFailureClassifier(scrubber);
        Function<Spec, Account> build = spec -> {
            Optional<SmtpClient> client = mode.mock() ? Optional.empty()
                    : Optional.of(SmtpClient.create(vertx, spec.settings().get(), registry, spec.identity().name()));
            String name = spec.identity().name();
            CircuitClock clock = new CircuitClock(java.time.Duration.ofMillis(spec.policy().breakerDelayMs()),
                    maintenance, DEFAULT.equals(name) ? DEFAULT_BREAKER : "smtp-" + name);
            Gauge.builder("mailgate.circuit.state", clock, c -> DeliveryMetrics.stateValue(c.state())).tag("account", name)
                    .description("SMTP circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
            int pool = spec.settings().map(SmtpSettings::maxPoolSize).orElse(0);
            Gauge.builder("mailgate.smtp.pool.max", () -> pool).tag("account", name)
                    .description("Configured SMTP connection pool size").register(registry);
            return new Account(spec.identity(), client, new MailTransport(mailer, client, mutinyVertx),
                    new ThrottleGate(config.delivery().throttlePause(), config.delivery().throttleMaxPause()),
                    new DailyQuota(name, spec.quota(), config.delivery().quotaZone(), shared),
                    new SharedRate(name, shared, spec.policy().rateLimit(), spec.policy().rate(), spec.policy().window()),
                    clock, spec.policy(), metrics, budget, classifier, traces);
        };
        List<Account> built = new ArrayList<>();
        AccountConfig.Accounts named = config.accounts();
        DeliveryPolicyConfig.Policies policies = DeliveryPolicyConfig.resolve(config.delivery(), raw);
        if (named.named().isEmpty()) {
            built.add(build.apply(legacy(config, raw, mailers, tls, mode, policies)));
        } else {
            for (String name : named.ordered()) {
                built.add(build.apply(named(name, named.named().get(name), tls, mode, policies)));
            }
        }
        this.ordered = List.copyOf(built);
        this.replyToPrimary = "primary".equalsIgnoreCase(named.replyTo().trim());
        if (ordered.size() > 1) {
            LOG.infof("SMTP accounts in routing order: %s", String.join(", ", ordered.stream()
                    .map(a -> a.name() + " (" + a.identity().target() + ")").toList()));
        }
    }

    /** Every account, in routing order. */
    public List<Account> all() {
        return ordered;
    }

    /** The first account: its address is the default sender, and the Reply-To under reply-to=primary. */
    public Account primary() {
        return ordered.get(0);
    }

    public boolean replyToPrimary() {
        return replyToPrimary;
    }

    public Optional<Account> byName(String name) {
        return ordered.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Opens every throttle gate and forgets past throttles (tests reset them between cases). */
    void openGates() {
        ordered.forEach(a -> a.gate().open());
    }

    @PreDestroy
    void close() {
        ordered.forEach(a -> a.client().ifPresent(SmtpClient::close));
    }

    /** What an account is built from. {@code settings} is resolved only when mail is really sent. */
    private record Spec(Account.Identity identity, Optional<SmtpSettings> settings, Optional<Integer> quota,
            AccountPolicy policy) {
    }

    private static Spec legacy(MailgateConfig config, Config raw, MailersRuntimeConfig mailers,
            TlsConfigurationRegistry tls, MailMode mode, DeliveryPolicyConfig.Policies policies) {
        Optional<Provider> provider = Provider.fromKey(config.provider());
        Optional<MailboxAddress> from = raw.getOptionalValue("quarkus.mailer.from", String.class)
                .map(MailboxAddress::parse).filter(MailboxAddress.Parsed::ok).map(MailboxAddress.Parsed::value);
        Optional<SmtpSettings> settings = mode.mock() ? Optional.empty()
                : Optional.of(SmtpSettings.of(mailers.mailers().get(Mailers.DEFAULT_MAILER_NAME), tls));
        boolean implicitTls = raw.getOptionalValue("quarkus.mailer.tls", Boolean.class).orElse(false);
        String host = raw.getOptionalValue("quarkus.mailer.host", String.class).orElse("localhost");
        int port = raw.getOptionalValue("quarkus.mailer.port", Integer.class).orElse(implicitTls ? 465 : 25);
        // Before accounts, a provider that does not insist on From = login sent as any address the API key allowed.
        boolean anySender = !provider.map(Provider::fromMustEqualLogin).orElse(false);
        return new Spec(new Account.Identity(DEFAULT, 1, provider.map(Provider::key).orElse("custom"), from, anySender,
                SenderPatterns.none(), host, port, implicitTls), settings, config.delivery().dailyQuota(),
                AccountPolicy.of(policies, java.util.OptionalInt.empty(), java.time.Duration.ofMinutes(1)));
    }

    private static Spec named(String name, AccountConfig a, TlsConfigurationRegistry tls, MailMode mode,
            DeliveryPolicyConfig.Policies policies) {
        Provider provider = AccountRules.provider(a);
        Optional<MailboxAddress> from = AccountRules.from(a).map(MailboxAddress::parse)
                .filter(MailboxAddress.Parsed::ok).map(MailboxAddress.Parsed::value);
        Optional<SmtpSettings> settings = mode.mock() ? Optional.empty()
                : Optional.of(SmtpSettings.of(AccountRules.host(a), AccountRules.port(a), AccountRules.implicitTls(a),
                        AccountRules.startTls(a), AccountRules.login(a), a.username(), a.password(),
                        a.tlsConfigurationName(), a.maxPoolSize(), a.keepAliveTimeout(), tls, name));
        return new Spec(new Account.Identity(name, a.priority(), provider.key(), from, false,
                SenderPatterns.of(a.senders().orElse(List.of())), AccountRules.host(a), AccountRules.port(a), AccountRules.implicitTls(a)),
                settings,
                a.dailyQuota().isPresent() ? Optional.of(a.dailyQuota().getAsInt()) : Optional.empty(),
                AccountPolicy.of(policies, a.rateLimit(), a.rateLimitWindow()));
    }
}
