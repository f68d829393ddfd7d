package dev.mailgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** {@code mailgate.relay.*}: the SMTP submission listener, for tools that only speak SMTP. */
public interface RelayConfig {

    /** On by default in dev mode, off in production until configured. */
    @WithDefault("false")
    boolean enabled();

    /** Plain connections, with STARTTLS when a certificate is configured. */
    @WithDefault("2525")
    int port();

    /** Implicit TLS (SMTPS), if set. */
    OptionalInt tlsPort();

    /** The address to listen on. */
    @WithDefault("0.0.0.0")
    String host();

    /** The TLS registry entry with the listener's certificate (quarkus.tls.&lt;name&gt;.key-store.*). */
    Optional<String> tlsConfigurationName();

    /** AUTH over a connection without TLS must be switched on explicitly. */
    @WithDefault("false")
    boolean allowPlaintextAuth();

    /** Networks (CIDR) whose clients may submit without AUTH, as the caller named trusted-name. */
    Optional<List<String>> trustedNetworks();

    /** The name messages from trusted networks are stored and reported under (like an API key's name). */
    @WithDefault("trusted-network")
    String trustedName();

    /** Addresses (or *@domain) trusted networks may send from; default: the accounts' own addresses. */
    Optional<List<String>> trustedSenders();

    /** Messages per minute from trusted networks; unset means only the accounts' limits apply. */
    Optional<Integer> trustedPerMinute();

    /** The largest message (SIZE); default: quarkus.http.limits.max-body-size. */
    Optional<MemorySize> maxMessageSize();

    /**
     * Message bytes all sessions together may hold in memory at once; past it a submission gets 452 and is tried
     * again later. Default: an eighth of the heap, and never less than one message of max-message-size.
     */
    Optional<MemorySize> maxBytesInFlight();

    /** Recipients per message; default: mailgate.limits.max-recipients. */
    OptionalInt maxRecipients();

    /** Connections at once, in all and from one address. */
    @WithDefault("100")
    int maxConnections();

    @WithDefault("10")
    int maxConnectionsPerAddress();

    /** How long a client may stay silent in any state before the connection is closed. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** The longest a session may last, however active: a client that trickles commands cannot hold a thread. */
    @WithDefault("10m")
    Duration maxSessionTime();

    /** Failed logins from one address per 10 minutes before AUTH is refused there. */
    @WithDefault("5")
    int maxAuthFailures();
}
