package dev.mailgate.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * Keeps webhooks off the gateway's own network (SSRF): an endpoint's name is resolved when mailgate connects, and an
 * address that is loopback, private, link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT,
 * unique-local or otherwise not public is refused. The connection then goes to the address that was checked, so a
 * name that resolves differently a moment later (DNS rebinding) cannot slip past.
 */
final class NetworkGuard {

    /** Refused: the endpoint resolves only to addresses mailgate will not send to. */
    static final class ForbiddenAddressException extends Exception {
        ForbiddenAddressException(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowPrivate;
    private final Function<String, InetAddress[]> resolver;

    NetworkGuard(boolean allowPrivate, Function<String, InetAddress[]> resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** The system resolver. Blocking: call on a worker thread. */
    static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    /** The address to connect to: the first the name resolves to, if every one of them is allowed. */
    InetAddress check(String host) throws ForbiddenAddressException {
        InetAddress[] addresses = resolver.apply(host);
        if (addresses.length == 0) {
            throw new ForbiddenAddressException(host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                // All of them: a name with one public and one internal address must not be a way in.
                if (forbidden(a)) {
                    throw new ForbiddenAddressException(host + " resolves to " + a.getHostAddress() + ", a loopback,"
                            + " private or link-local address; set mailgate.webhooks.allow-private-networks=true to"
                            + " allow it");
                }
            }
        }
        return addresses[0];
    }

    static boolean forbidden(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d, an IPv4 address in disguise
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return forbidden(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
