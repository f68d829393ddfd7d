package dev.mailgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** mailgate.bounces.*: reading bounces from the sending accounts' mailboxes over IMAP. Off by default. */
public interface BounceConfig {

    /** Read every account's mailbox for bounces. */
    @WithDefault("false")
    boolean enabled();

    /** How often each mailbox is read (IMAP IDLE wakes the reader sooner where the server offers it). */
    @WithDefault("1m")
    Duration pollInterval();

    /** A larger message is skipped with a warning, never downloaded. */
    @WithDefault("10M")
    MemorySize maxSize();

    /** Move recognised bounces (never other mail) into this folder; unset, nothing in the mailbox changes. */
    Optional<String> moveTo();

    /** Soft bounces of one address within the window before it is suppressed. */
    @WithDefault("3")
    int softBounceLimit();

    @WithDefault("7d")
    Duration softBounceWindow();

    /** In mock mode, how long after the send the simulator's addresses bounce (see BounceSimulator). */
    @WithDefault("3s")
    Duration simulatorDelay();

    /**
     * An account's mailbox: {@code mailgate.accounts.<name>.imap.*}, or {@code mailgate.imap.*} for the single
     * account. Each setting defaults from the account's provider preset, its login and password from the account.
     */
    interface Imap {
        /** Read this account's mailbox (when bounces are on); off, its bounces are not read. */
        @WithDefault("true")
        boolean enabled();

        Optional<String> host();

        OptionalInt port();

        Optional<Boolean> tls();

        Optional<String> username();

        Optional<String> password();

        Optional<List<String>> folders();

        Optional<String> tlsConfigurationName();
    }
}
