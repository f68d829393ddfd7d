package dev.mailgate.relay;

import java.util.ArrayList;
import java.util.List;

import dev.mailgate.address.SenderPatterns;
import dev.mailgate.config.RelayConfig;

/** What makes the relay's settings invalid, every problem at once; values are never echoed. */
public final class RelayRules {

    private RelayRules() {
    }

    public static List<String> problems(RelayConfig c, boolean keysEnabled) {
        List<String> problems = new ArrayList<>();
        if (!c.enabled()) {
            return problems;
        }
        if (c.port() < 0 || c.port() > 65535) {
            problems.add("mailgate.relay.port must be between 0 and 65535");
        }
        if (c.tlsPort().isPresent() && c.tlsConfigurationName().isEmpty()) {
            problems.add("mailgate.relay.tls-port needs mailgate.relay.tls-configuration-name (the listener's"
                    + " certificate, quarkus.tls.<name>.key-store.*)");
        }
        try {
            TrustedNetworks.of(c.trustedNetworks().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            problems.add("mailgate.relay.trusted-networks must be CIDR ranges such as 10.0.0.0/8 or fd00::/8");
        }
        c.trustedSenders().ifPresent(s -> problems.addAll(SenderPatterns.problems("mailgate.relay.trusted-senders", s)));
        if (c.maxConnections() <= 0 || c.maxConnectionsPerAddress() <= 0) {
            problems.add("mailgate.relay.max-connections and max-connections-per-address must be positive");
        }
        if (c.idleTimeout().isNegative() || c.idleTimeout().isZero()) {
            problems.add("mailgate.relay.idle-timeout must be positive");
        }
        if (c.tlsConfigurationName().isEmpty() && !c.allowPlaintextAuth() && keysEnabled
                && c.trustedNetworks().orElse(List.of()).isEmpty()) {
            problems.add("mailgate.relay: nobody could submit: AUTH needs TLS (mailgate.relay.tls-configuration-name),"
                    + " or mailgate.relay.allow-plaintext-auth=true, or mailgate.relay.trusted-networks");
        }
        return problems;
    }
}
