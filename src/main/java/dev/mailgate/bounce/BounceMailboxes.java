package dev.mailgate.bounce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.mail.MessagingException;

import org.eclipse.microprofile.config.Config;

import dev.mailgate.config.AccountConfig;
import dev.mailgate.config.AccountRules;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.StartupCheck;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * The mailboxes bounces are read from: each SMTP account's (the single account "default" from mailgate.imap.*, the
 * named ones from mailgate.accounts.&lt;name&gt;.imap.*), with what their settings lack taken from the provider's preset and
 * the account's login. Its problems are start-up problems, listed with every other one.
 */
@ApplicationScoped
public class BounceMailboxes implements StartupCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MailgateConfig config;
    private final Config raw;
    private final TlsConfigurationRegistry tls;

    public BounceMailboxes(MailgateConfig config, Config raw, TlsConfigurationRegistry tls) {
        this.config = config;
        this.raw = raw;
        this.tls = tls;
    }

    /** The mailboxes to read (none while bounces are off, or an account's imap.enabled is false). */
    List<ImapSettings> all() {
        List<ImapSettings> all = new ArrayList<>();
        resolved().forEach(r -> r.settings().ifPresent(all::add));
        return all;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!config.bounces().enabled()) {
            return problems;
        }
        resolved().forEach(r -> problems.addAll(r.problems()));
        if (config.bounces().pollInterval().toMillis() < 1_000) {
            problems.add("mailgate.bounces.poll-interval must be at least 1s");
        }
        resolved().forEach(r -> r.settings().flatMap(ImapSettings::tlsConfigurationName)
                .filter(name -> tls.get(name).isEmpty()).ifPresent(name -> problems.add("the imap"
                        + " tls-configuration-name of account " + r.settings().get().account() + " names " + name
                        + ", which is not in the TLS registry (quarkus.tls." + name + ".*)")));
        return problems;
    }

    private List<ImapSettings.Resolved> resolved() {
        List<ImapSettings.Resolved> all = new ArrayList<>();
        if (!config.bounces().enabled()) {
            return all;
        }
        Map<String, AccountConfig> named = config.accounts().named();
        if (named.isEmpty()) {
            if (config.imap().enabled()) {
                all.add(ImapSettings.resolve("default", config.provider(), config.imap(),
                        raw.getOptionalValue("quarkus.mailer.username", String.class),
                        raw.getOptionalValue("quarkus.mailer.password", String.class), "mailgate.imap."));
            }
            return all;
        }
        named.forEach((name, a) -> {
            if (a.imap().enabled()) {
                all.add(ImapSettings.resolve(name, AccountRules.provider(a).key(), a.imap(), a.username(),
                        a.password(), "mailgate.accounts." + name + ".imap."));
            }
        });
        return all;
    }

    /** A reader on the account's mailbox, trusting what its TLS registry entry says (a private CA, a test server). */
    MailboxReader open(ImapSettings s, boolean readWrite) throws MessagingException {
        SSLSocketFactory factory = null;
        boolean trustAll = false;
        Optional<TlsConfiguration> entry = s.tlsConfigurationName().flatMap(tls::get);
        if (entry.isPresent()) {
            try {
                factory = entry.get().createSSLContext().getSocketFactory();
            } catch (Exception e) {
                throw new MessagingException("the TLS configuration " + s.tlsConfigurationName().get()
                        + " cannot be used: " + e.getMessage(), e);
            }
            trustAll = entry.get().isTrustAll();
        }
        return new MailboxReader(s, readWrite, TIMEOUT, factory, trustAll);
    }
}
