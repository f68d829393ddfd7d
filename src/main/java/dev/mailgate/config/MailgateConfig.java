package dev.mailgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
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

    Auth auth();

    Limits limits();

    Store store();

    /** The suppression list (see {@link SuppressionConfig}). */
    SuppressionConfig suppression();

    /** Users' own templates (see {@link TemplateConfig}). */
    TemplateConfig templates();

    /** Reading bounces (see {@link BounceConfig}). */
    BounceConfig bounces();

    /** The single account's mailbox, for bounces: mailgate.imap.* (accounts have mailgate.accounts.&lt;name&gt;.imap.*). */
    BounceConfig.Imap imap();

    Outbox outbox();

    Batch batch();

    Idempotency idempotency();

    Webhooks webhooks();

    /** Several SMTP accounts with failover; see {@link AccountConfig}. */
    AccountConfig.Accounts accounts();

    /** The SMTP submission listener; see {@link RelayConfig}. */
    RelayConfig relay();

    interface Webhooks {
        /**
         * Endpoints by name: mailgate.webhooks.&lt;name&gt;.url, .secret (whsec_ and base64), .events (default all),
         * .api-keys (default every key's messages).
         */
        @io.smallrye.config.WithParentName
        Map<String, Endpoint> endpoints();

        /** Deliver to loopback, private, link-local and metadata addresses too (tests, receivers on the same network). */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** The waits before each retry of a failed delivery; after the last, the delivery is failed. */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** How long one delivery may take, connection included. */
        @WithDefault("10s")
        Duration timeout();

        /** How many deliveries one process makes at once. */
        @WithDefault("8")
        int concurrency();
    }

    interface Endpoint {
        Optional<String> url();

        Optional<String> secret();

        Optional<List<String>> events();

        Optional<List<String>> apiKeys();
    }

    interface Idempotency {
        /** How long an Idempotency-Key is remembered; after it, the same key starts a new request. */
        @WithDefault("24h")
        Duration ttl();

        /** Whether every POST that sends needs an Idempotency-Key (400 without one). */
        @WithDefault("false")
        boolean required();
    }

    interface Batch {
        /** The most messages one POST /api/v1/messages/batch may carry. */
        @WithDefault("100")
        int maxSize();
    }

    interface Store {
        /**
         * Where messages are kept: embedded (an H2 file, one node) or postgresql (one database shared by every
         * replica, configured with quarkus.datasource.jdbc.url, .username and .password).
         */
        @WithDefault("embedded")
        String kind();

        /** The embedded store's directory; created on first start. */
        @WithDefault("./data")
        String path();

        /**
         * Force each group commit to the disk (fsync), so that a power cut loses no accepted message. Off, a killed
         * process still loses nothing (every commit reaches the operating system), but a power cut may.
         */
        @WithDefault("true")
        boolean fsync();

        /**
         * PostgreSQL: wake the other replicas with LISTEN/NOTIFY when a message is queued. Off behind a pooler in
         * transaction mode (PgBouncer), which cannot LISTEN; replicas then find new messages by polling alone.
         */
        @WithDefault("true")
        boolean listen();
    }

    interface Outbox {
        /**
         * Whether this gateway takes asynchronous and scheduled sends. Off where there is no durable store (a
         * scale-to-zero service on an ephemeral disk): Prefer: respond-async is then ignored, and sendAt is a 400.
         */
        @WithDefault("true")
        boolean acceptAsync();

        /** Whether synchronous sends leave a record (status and attempts, no content) for GET and the list. */
        @WithDefault("true")
        boolean recordSync();

        /** How long mailgate keeps trying a message before it is failed with its last error. */
        @WithDefault("24h")
        Duration maxAge();

        /** How far ahead sendAt may be. */
        @WithDefault("30d")
        Duration maxSchedule();

        /** How long finished messages keep their record (status, attempts). */
        @WithDefault("30d")
        Duration retention();

        /** How long finished messages keep their content (needed to retry them by hand). */
        @WithDefault("7d")
        Duration bodyRetention();

        /** The first wait before retrying a transient failure; it doubles (with jitter) up to retry-max. */
        @WithDefault("30s")
        Duration retryInitial();

        @WithDefault("1h")
        Duration retryMax();

        /** How long a claim holds a message; renewed while it is being sent. */
        @WithDefault("60s")
        Duration lease();

        /**
         * How many messages the worker keeps in hand at once; default: four per pooled SMTP connection, so that
         * reading, composing and recording overlap the SMTP transactions. Only as many as there are connections can be
         * at the final dot at any moment.
         */
        java.util.OptionalInt concurrency();

        /** How often the worker looks for due messages when nothing wakes it (a new message wakes it at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /** While a failed login pauses the queue, how often mailgate checks whether the login works again. */
        @WithDefault("30s")
        Duration loginCheckInterval();

        /**
         * Whether this process drains the queue. Off for API-only replicas beside a separate worker deployment (for
         * example one that KEDA scales from zero on the count of due messages); they still accept and answer status.
         */
        @WithDefault("true")
        boolean workerEnabled();
    }

    interface Auth {
        /** API keys on /api/**. Production refuses to start with auth on and no keys. */
        @WithDefault("true")
        boolean enabled();

        /** Keys by name: mailgate.auth.keys.&lt;name&gt;.sha256 and .senders. */
        Map<String, ApiKey> keys();
    }

    interface ApiKey {
        /** SHA-256 of the key, in hex. The key itself is never configured. */
        String sha256();

        /** Addresses (bot@example.com) or domains (*@example.com) this key may send from; default: the configured sender only. */
        Optional<List<String>> senders();

        /** Messages per minute for this key; unset means only the account-wide limit applies. */
        Optional<Integer> perMinute();
    }

    interface Limits {
        /** To + cc + bcc. */
        @WithDefault("50")
        int maxRecipients();

        @WithDefault("500")
        int maxSubjectLength();

        /** text + html, in UTF-8 bytes. */
        @WithDefault("5M")
        MemorySize maxBodySize();

        /** Attachments + inline parts. */
        @WithDefault("20")
        int maxAttachments();

        /**
         * Largest JSON request. JSON carries attachments as base64 text, which is parsed in memory at several times
         * its size, so it gets a tighter limit than multipart/form-data, whose files are streamed from disk.
         */
        @WithDefault("12M")
        MemorySize maxJsonSize();

        /** Decoded size of all parts together; base64 makes it ~37% larger on the wire, and QQ and Gmail stop at 25 MB. */
        @WithDefault("18M")
        MemorySize maxAttachmentsSize();

        /** Media types allowed for attachments (image/png or image/*); unset means any. */
        Optional<List<String>> attachmentTypes();
    }

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
         * Upper bound for one SMTP attempt. The SMTP client has no timeout of its own, so this is what keeps a
         * silent server from hanging a request.
         */
        @WithDefault("15s")
        Duration attemptTimeout();

        /**
         * Upper bound for the whole send, all attempts and backoff included, so an HTTP caller always gets an answer in
         * time. Retries stop early enough to fit (mailgate.delivery.retry.max-duration).
         */
        @WithDefault("30s")
        Duration deadline();

        /**
         * The slowest upload to the SMTP server to allow for, in bytes per second. Each attempt and the deadline get
         * the message size divided by this on top, so a 25 MB attachment is not cut off by bounds meant for a
         * two-line notification.
         */
        @WithDefault("1M")
        MemorySize minUploadRate();

        /** The domain used on the right of generated Message-IDs; defaults to the sender's domain. */
        Optional<String> messageIdDomain();

        /** Accepted messages per day before mailgate answers 429 itself; unset means no quota. */
        Optional<Integer> dailyQuota();

        /**
         * How long to hold back after the provider first says "slow down" (unless its reply names a wait). Each
         * throttle in a row doubles it, up to throttle-max-pause; a successful send resets it.
         */
        @WithDefault("5s")
        Duration throttlePause();

        @WithDefault("5m")
        Duration throttleMaxPause();

        /** The day boundary of the daily quota (QQ and 163 count in China time). */
        @WithDefault("Asia/Shanghai")
        java.time.ZoneId quotaZone();

        /** The policies every account starts from (see {@link DeliveryPolicyConfig}). */
        DeliveryPolicyConfig.Retry retry();

        DeliveryPolicyConfig.CircuitBreaker circuitBreaker();

        DeliveryPolicyConfig.RateLimit rateLimit();

        DeliveryPolicyConfig.Bulkhead bulkhead();
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
