package dev.mailgate.config;

import java.time.Duration;
import java.util.Optional;

/** mailgate.suppression.*: the list of addresses mailgate never sends to. */
public interface SuppressionConfig {

    /** How long an entry mailgate added itself (from a bounce) stands; unset, forever. Manual entries never expire. */
    Optional<Duration> autoExpiry();
}
