package dev.mailgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.address.SenderPatterns;
import io.quarkus.arc.All;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Refuses to start a production gateway that cannot send, listing every problem in one message so an operator fixes
 * them in one go. Values are never echoed: a misplaced password must not end up in a log.
 */
@ApplicationScoped
public class StartupValidator {

    private static final Logger LOG = Logger.getLogger(StartupValidator.class);

    private final Config config;
    private final MailgateConfig mailgate;
    private final MailMode mode;
    private final List<StartupCheck> checks;

    public StartupValidator(Config config, MailgateConfig mailgate, MailMode mode, @All List<StartupCheck> checks) {
        this.config = config;
        this.mailgate = mailgate;
        this.mode = mode;
        this.checks = checks;
    }

    void onStart(@Observes StartupEvent event) {
        // The store, keys and webhooks are checked in every mode: a test or dev run needs them right as much as production.
        List<String> store = new ArrayList<>(storeProblems(this::explicitValue, mailgate.store().kind()));
        if (mailgate.idempotency().ttl().isNegative() || mailgate.idempotency().ttl().isZero()) {
            store.add("mailgate.idempotency.ttl must be positive (it is how long an Idempotency-Key is remembered)");
        }
        checks.forEach(check -> store.addAll(check.problems()));
        store.addAll(DeliveryPolicyConfig.problems(DeliveryPolicyConfig.resolve(mailgate.delivery(), config)));
        DeliveryPolicyConfig.legacyWarnings(config).forEach(LOG::warn);
        if (LaunchMode.current() != LaunchMode.NORMAL || mode.mock()) {
            if (!store.isEmpty()) {
                throw new InvalidConfigurationException(store);
            }
            return;
        }
        List<String> problems = new ArrayList<>(store);
        if (mailgate.accounts().named().isEmpty()) {
            problems.addAll(problems(this::explicitValue,
                    mailgate.provider(), mailgate.smtp().allowPlaintextAuth(), mailgate.delivery().attemptTimeout()));
        } else {
            problems.addAll(AccountRules.problems(mailgate.accounts(), mailgate.smtp().username().isPresent()
                    || mailgate.smtp().password().isPresent()));
            problems.addAll(tlsConfigurationProblems());
            if (mailgate.delivery().attemptTimeout().isNegative() || mailgate.delivery().attemptTimeout().isZero()) {
                problems.add("mailgate.delivery.attempt-timeout must be positive");
            }
        }
        problems.addAll(authProblems(mailgate.auth()));
        if (!mailgate.auth().enabled()) {
            LOG.warn("mailgate.auth.enabled=false: /api/** accepts requests without an API key. Anyone who can reach"
                    + " this gateway can send mail as your SMTP account.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** Each account's tls-configuration-name must name a TLS registry entry (one with some quarkus.tls.&lt;name&gt;.*). */
    private List<String> tlsConfigurationProblems() {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        config.getPropertyNames().forEach(names::add);
        mailgate.accounts().named().forEach((name, a) -> a.tlsConfigurationName().ifPresent(t -> {
            String prefix = "quarkus.tls." + t + ".";
            String env = "QUARKUS_TLS_" + t.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
            if (names.stream().noneMatch(n -> n.startsWith(prefix) || n.startsWith(env))) {
                problems.add("mailgate.accounts." + name + ".tls-configuration-name names a TLS configuration that"
                        + " is not configured: set quarkus.tls." + t + ".trust-store.* (or .trust-all for tests)");
            }
        }));
        return problems;
    }

    /** A value, unless it only comes from the preset source (which resets the host for a custom provider). */
    private Optional<String> explicitValue(String name) {
        io.smallrye.config.ConfigValue v = ((io.smallrye.config.SmallRyeConfig) config).getConfigValue(name);
        if (v.getValue() == null || v.getValue().isBlank()
                || ProviderPresetConfigSourceFactory.NAME.equals(v.getConfigSourceName())
                        && !Provider.fromKey(mailgate.provider()).map(Provider::isPreset).orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(v.getValue());
    }

    /** The store's settings: a known kind, and for PostgreSQL the URL of its database. */
    public static List<String> storeProblems(Function<String, Optional<String>> lookup, String kind) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        if (!k.equals("embedded") && !k.equals("postgresql")) {
            return List.of("mailgate.store.kind (MAILGATE_STORE_KIND) must be embedded or postgresql");
        }
        if (k.equals("postgresql") && lookup.apply("quarkus.datasource.jdbc.url").isEmpty()) {
            return List.of("mailgate.store.kind=postgresql needs the database's JDBC URL: set"
                    + " quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL), for example"
                    + " jdbc:postgresql://db.example.com:5432/mailgate, with quarkus.datasource.username and .password");
        }
        return List.of();
    }

    /** Every missing or invalid setting, each naming the property and its environment variable. */
    public static List<String> problems(Function<String, Optional<String>> lookup, String providerKey,
            boolean allowPlaintextAuth, Duration attemptTimeout) {
        List<String> problems = new ArrayList<>();
        Optional<Provider> provider = Provider.fromKey(providerKey);
        if (provider.isEmpty()) {
            problems.add("mailgate.provider (MAILGATE_PROVIDER) must be one of " + Provider.keys());
        }
        String login = lookup.apply("quarkus.mailer.login").orElse("NONE").toUpperCase(Locale.ROOT);
        boolean authenticates = !"DISABLED".equals(login);
        Optional<String> username = lookup.apply("quarkus.mailer.username").filter(s -> !s.isBlank());
        if (authenticates && username.isEmpty()) {
            problems.add("SMTP login is missing: set MAILGATE_SMTP_USERNAME (or quarkus.mailer.username)");
        }
        if (authenticates && lookup.apply("quarkus.mailer.password").filter(s -> !s.isBlank()).isEmpty()) {
            problems.add("SMTP password is missing: set MAILGATE_SMTP_PASSWORD (or quarkus.mailer.password);"
                    + " for QQ Mail and 163 this is the authorization code (授权码), not the account password");
        }
        if (provider.filter(p -> !p.isPreset()).isPresent() && lookup.apply("quarkus.mailer.host").isEmpty()) {
            problems.add("mailgate.provider=custom needs quarkus.mailer.host (QUARKUS_MAILER_HOST) and quarkus.mailer.port");
        }
        boolean implicitTls = lookup.apply("quarkus.mailer.tls").map(Boolean::parseBoolean).orElse(false)
                || lookup.apply("quarkus.mailer.ssl").map(Boolean::parseBoolean).orElse(false);
        boolean startTlsRequired = "REQUIRED".equalsIgnoreCase(lookup.apply("quarkus.mailer.start-tls").orElse("OPTIONAL"));
        if (authenticates && !implicitTls && !startTlsRequired && !allowPlaintextAuth) {
            problems.add("SMTP AUTH without TLS would send the password in clear text: set quarkus.mailer.tls=true"
                    + " or quarkus.mailer.start-tls=REQUIRED, or opt in with mailgate.smtp.allow-plaintext-auth=true");
        }
        Optional<String> from = lookup.apply("quarkus.mailer.from").filter(s -> !s.isBlank());
        if (provider.filter(Provider::fromMustEqualLogin).isPresent() && from.isPresent() && username.isPresent()
                && !sameAddress(from.get(), username.get())) {
            problems.add("quarkus.mailer.from must equal the SMTP login for provider " + providerKey
                    + " (the server rejects any other sender with 501)");
        }
        // mailgate's own SMTP client reads the connection settings of quarkus.mailer.*, but not these; silently
        // ignoring them would give a false sense of safety, so they are refused.
        for (String unsupported : List.of("quarkus.mailer.approved-recipients", "quarkus.mailer.dkim.enabled",
                "quarkus.mailer.truststore.paths", "quarkus.mailer.key-store")) {
            if (lookup.apply(unsupported).filter(v -> !v.isBlank() && !"false".equalsIgnoreCase(v)).isPresent()) {
                problems.add(unsupported + " is not supported by mailgate: remove it (for a private CA use"
                        + " quarkus.mailer.tls-configuration-name; for staging, a catch-all server such as Mailpit)");
            }
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            problems.add("mailgate.delivery.attempt-timeout must be positive");
        }
        return problems;
    }

    /** API keys: at least one when auth is on, each a SHA-256 hex digest, each sender an address or *@domain. */
    public static List<String> authProblems(MailgateConfig.Auth auth) {
        List<String> problems = new ArrayList<>();
        if (!auth.enabled()) {
            return problems;
        }
        if (auth.keys().isEmpty()) {
            problems.add("no API key is configured: set mailgate.auth.keys.<name>.sha256 (see the README), or"
                    + " explicitly mailgate.auth.enabled=false");
        }
        auth.keys().forEach((name, key) -> {
            if (key.sha256() == null || !key.sha256().trim().matches("[0-9a-fA-F]{64}")) {
                problems.add("mailgate.auth.keys." + name + ".sha256 must be 64 hex characters (a SHA-256 digest)");
            }
            key.senders().ifPresent(senders -> problems.addAll(
                    SenderPatterns.problems("mailgate.auth.keys." + name + ".senders", senders)));
            key.perMinute().filter(n -> n <= 0).ifPresent(n -> problems.add(
                    "mailgate.auth.keys." + name + ".per-minute must be positive"));
        });
        return problems;
    }

    /** "Bot &lt;bot@qq.com&gt;" and "bot@qq.com" are the same sender. */
    private static boolean sameAddress(String from, String login) {
        MailboxAddress.Parsed f = MailboxAddress.parse(from);
        MailboxAddress.Parsed l = MailboxAddress.parse(login);
        return f.ok() && l.ok() ? f.value().sameMailbox(l.value())
                : SenderPatterns.normalise(from).filter(n -> n.equals(SenderPatterns.normalise(login).orElse(null)))
                        .isPresent();
    }
}
