package dev.mailgate.config;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * {@code mailgate.accounts.<name>.*}: SMTP accounts mailgate fails over between. The connection settings mirror the
 * {@code quarkus.mailer.*} ones of the single-account configuration, which stays the account named {@code default}
 * while no account is named here.
 */
public interface AccountConfig {

    /** Accounts by name, and the settings that concern all of them. */
    interface Accounts {
        @WithParentName
        Map<String, AccountConfig> named();

        /**
         * keep: a message sent through another account than the first keeps its own Reply-To (none if it has none).
         * primary: a message without Reply-To that goes out through another account gets the first account's address
         * as Reply-To, so that answers reach one mailbox.
         */
        @WithDefault("keep")
        String replyTo();

        /** The account names in routing order: priority, then name. */
        default List<String> ordered() {
            return named().entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, AccountConfig> e) -> e.getValue().priority())
                            .thenComparing(Map.Entry::getKey))
                    .map(Map.Entry::getKey).toList();
        }
    }

    /** Preset: qq, qq-starttls, gmail, office365, 163 or custom (the default when host is set, else qq). */
    Optional<String> provider();

    Optional<String> username();

    /** Password, or for QQ and 163 the authorization code (授权码). */
    Optional<String> password();

    /** The address mail without its own from goes out as; default: the username. */
    Optional<String> from();

    Optional<String> host();

    OptionalInt port();

    /** Implicit TLS (port 465). */
    Optional<Boolean> tls();

    /** DISABLED, OPTIONAL or REQUIRED. */
    Optional<String> startTls();

    /** A TLS registry entry to trust (a private CA). */
    Optional<String> tlsConfigurationName();

    /** REQUIRED, DISABLED or NONE (log in when credentials are set); presets say REQUIRED. */
    Optional<String> login();

    @WithDefault("8")
    int maxPoolSize();

    @WithDefault("30s")
    Duration keepAliveTimeout();

    /** Sends per rate-limit-window through this account; default: the delivery policy's rate limit. */
    OptionalInt rateLimit();

    @WithDefault("1m")
    Duration rateLimitWindow();

    /** Messages per day through this account (counted in mailgate.delivery.quota-zone); unset means no quota. */
    OptionalInt dailyQuota();

    /** Lower is tried first. */
    @WithDefault("1")
    int priority();

    /**
     * Addresses (bot@example.com) or domains (*@example.com) a request's explicit from may use on this account,
     * besides the account's own address.
     */
    Optional<List<String>> senders();

    /** AUTH over a connection without TLS must be switched on explicitly. */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** This account's mailbox, for bounces (see {@link BounceConfig.Imap}). */
    BounceConfig.Imap imap();
}
