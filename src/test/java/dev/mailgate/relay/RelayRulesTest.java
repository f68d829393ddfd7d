package dev.mailgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailgate.config.RelayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The relay's settings: every problem at once; trusted networks as CIDR ranges. */
class RelayRulesTest {

    static RelayConfig relay(Map<String, String> props) {
        return new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(RelayConfig.class, "mailgate.relay")
                .withSources(new PropertiesConfigSource(props, "test", 100)).build()
                .getConfigMapping(RelayConfig.class, "mailgate.relay");
    }

    @Test
    void everyProblemIsListed() {
        List<String> problems = RelayRules.problems(relay(Map.of("mailgate.relay.enabled", "true",
                "mailgate.relay.tls-port", "465", "mailgate.relay.trusted-networks", "10.0.0.0/8,example.com/24",
                "mailgate.relay.idle-timeout", "0s")), true);
        String all = String.join("\n", problems);
        assertTrue(all.contains("tls-port needs mailgate.relay.tls-configuration-name"), all);
        assertTrue(all.contains("trusted-networks must be CIDR ranges"), all);
        assertTrue(all.contains("idle-timeout must be positive"), all);
        assertEquals(3, problems.size(), all);
    }

    @Test
    void withKeysOnAndNoTlsNobodyCouldSubmit() {
        assertTrue(RelayRules.problems(relay(Map.of("mailgate.relay.enabled", "true")), true).getFirst()
                .contains("nobody could submit"));
        assertEquals(List.of(), RelayRules.problems(relay(Map.of("mailgate.relay.enabled", "true",
                "mailgate.relay.trusted-networks", "10.0.0.0/8")), true));
        assertEquals(List.of(), RelayRules.problems(relay(Map.of()), true), "off: nothing to check");
    }

    @Test
    void trustedNetworksMatchIpv4AndIpv6Ranges() throws Exception {
        TrustedNetworks n = TrustedNetworks.of(List.of("10.1.0.0/16", "fd00::/8", "192.0.2.7"));
        assertTrue(n.contains(InetAddress.getByName("10.1.200.3")));
        assertTrue(n.contains(InetAddress.getByName("fd12:3456::1")));
        assertTrue(n.contains(InetAddress.getByName("192.0.2.7")));
        assertTrue(!n.contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(!n.contains(InetAddress.getByName("192.0.2.8")));
        assertTrue(!n.contains(InetAddress.getByName("127.0.0.1")));
    }
}
