package dev.mailgate.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which addresses a webhook may go to; names are resolved by a stand-in resolver, as DNS would at connect time. */
class NetworkGuardTest {

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static NetworkGuard guard(boolean allowPrivate, Map<String, List<String>> dns) {
        return new NetworkGuard(allowPrivate, host -> dns.getOrDefault(host, List.of()).stream()
                .map(NetworkGuardTest::ip).toArray(InetAddress[]::new));
    }

    @Test
    void internalAddressesAreRefused() {
        for (String a : List.of("127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
                "224.0.0.1", "255.255.255.255")) {
            assertTrue(NetworkGuard.forbidden(ip(a)), a);
        }
        for (String a : List.of("93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1")) {
            assertEquals(false, NetworkGuard.forbidden(ip(a)), a);
        }
    }

    @Test
    void aNameIsCheckedAtConnectTimeAndEveryAddressOfItCounts() throws Exception {
        NetworkGuard guard = guard(false, Map.of("hooks.example.com", List.of("93.184.215.14"),
                "rebind.example.com", List.of("93.184.215.14", "127.0.0.1"),
                "metadata.example.com", List.of("169.254.169.254")));
        assertEquals(ip("93.184.215.14"), guard.check("hooks.example.com"));
        var e = assertThrows(NetworkGuard.ForbiddenAddressException.class, () -> guard.check("rebind.example.com"));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        assertThrows(NetworkGuard.ForbiddenAddressException.class, () -> guard.check("metadata.example.com"));
        assertThrows(NetworkGuard.ForbiddenAddressException.class, () -> guard.check("nowhere.example.com"));
    }

    @Test
    void privateNetworksMayBeAllowed() throws Exception {
        assertEquals(ip("127.0.0.1"), guard(true, Map.of("localhost", List.of("127.0.0.1"))).check("localhost"));
        assertThrows(NetworkGuard.ForbiddenAddressException.class,
                () -> guard(false, Map.of("localhost", List.of("127.0.0.1"))).check("localhost"));
    }
}
