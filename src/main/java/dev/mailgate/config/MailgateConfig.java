package dev.mailgate.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything mailgate-specific. Standard SMTP settings stay under {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "mailgate")
public interface MailgateConfig {

    /** Provider preset: qq, qq-starttls, gmail, office365, 163 or custom. */
    @WithDefault("qq")
    String provider();

    Smtp smtp();

    Delivery delivery();

    Health health();

    interface Smtp {
        /** Login address; copied to quarkus.mailer.username and, by default, to the sender address. */
        Optional<String> username();

        /** Password, or for QQ and 163 the authorization code (授权码). */
        Optional<String> password();

        /** AUTH over an unencrypted connection leaks the password; it must be switched on explicitly. */
        @WithDefault("false")
        boolean allowPlaintextAuth();
    }

    interface Delivery {
        /**
         * Upper bound for one SMTP transaction. The reactive mailer has no timeout of its own, so this is what keeps a
         * silent server from hanging a request.
         */
        @WithDefault("15s")
        Duration attemptTimeout();

        /**
         * Upper bound for the whole send, all attempts and backoff included, so an HTTP caller always gets an answer in
         * time. Retries stop early enough to fit (quarkus.fault-tolerance retry max-duration).
         */
        @WithDefault("30s")
        Duration deadline();

        /** The domain used on the right of generated Message-IDs; defaults to the sender's domain. */
        Optional<String> messageIdDomain();

        /** Accepted messages per day before mailgate answers 429 itself; unset means no quota. */
        Optional<Integer> dailyQuota();

        /** The day boundary of the daily quota (QQ and 163 count in China time). */
        @WithDefault("Asia/Shanghai")
        java.time.ZoneId quotaZone();
    }

    interface Health {
        /** Whether readiness includes the SMTP reachability check. */
        @WithDefault("true")
        boolean smtpCheck();

        /** How long an SMTP check outcome is reused. QQ limits connection frequency, so probes must not reconnect each time. */
        @WithDefault("60s")
        Duration smtpCheckInterval();

        /** Bound for one SMTP check connection. */
        @WithDefault("5s")
        Duration smtpCheckTimeout();
    }
}
