package dev.mailgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production gateway that cannot send, listing every problem in one message so an operator fixes
 * them in one go. Values are never echoed: a misplaced password must not end up in a log.
 */
@ApplicationScoped
public class StartupValidator {

    private final Config config;
    private final MailgateConfig mailgate;

    public StartupValidator(Config config, MailgateConfig mailgate) {
        this.config = config;
        this.mailgate = mailgate;
    }

    void onStart(@Observes StartupEvent event) {
        boolean mock = config.getOptionalValue("quarkus.mailer.mock", Boolean.class)
                .orElse(LaunchMode.current().isDevOrTest());
        if (LaunchMode.current() != LaunchMode.NORMAL || mock) {
            return;
        }
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class), mailgate);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** Every missing or invalid setting, each naming the property and its environment variable. */
    public static List<String> problems(Function<String, Optional<String>> lookup, MailgateConfig mailgate) {
        List<String> problems = new ArrayList<>();
        Optional<Provider> provider = Provider.fromKey(mailgate.provider());
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
        if (authenticates && !implicitTls && !startTlsRequired && !mailgate.smtp().allowPlaintextAuth()) {
            problems.add("SMTP AUTH without TLS would send the password in clear text: set quarkus.mailer.tls=true"
                    + " or quarkus.mailer.start-tls=REQUIRED, or opt in with mailgate.smtp.allow-plaintext-auth=true");
        }
        Optional<String> from = lookup.apply("quarkus.mailer.from").filter(s -> !s.isBlank());
        if (provider.filter(Provider::fromMustEqualLogin).isPresent() && from.isPresent() && username.isPresent()
                && !from.get().trim().equalsIgnoreCase(username.get().trim())) {
            problems.add("quarkus.mailer.from must equal the SMTP login for provider " + mailgate.provider()
                    + " (the server rejects any other sender with 501)");
        }
        if (mailgate.delivery().attemptTimeout().isNegative() || mailgate.delivery().attemptTimeout().isZero()) {
            problems.add("mailgate.delivery.attempt-timeout must be positive");
        }
        return problems;
    }
}
