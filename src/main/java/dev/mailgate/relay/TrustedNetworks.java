package dev.mailgate.relay;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** CIDR ranges (IPv4 and IPv6) whose clients may submit without AUTH. */
final class TrustedNetworks {

    private record Range(BigInteger network, int bits, int length) {
    }

    private final List<Range> ranges;

    private TrustedNetworks(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Fails with IllegalArgumentException naming the first entry that is not a CIDR range. */
    static TrustedNetworks of(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            String c = cidr.trim();
            if (c.isEmpty()) {
                continue;
            }
            String[] parts = c.split("/", 2);
            try {
                // Only literal addresses: a host name here would mean a DNS lookup, and a range that moves.
                if (!parts[0].matches("[0-9a-fA-F.:]+")) {
                    throw new IllegalArgumentException(c);
                }
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int length = address.length * 8;
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : length;
                if (bits < 0 || bits > length) {
                    throw new IllegalArgumentException(c);
                }
                ranges.add(new Range(new BigInteger(1, address).shiftRight(length - bits), bits, length));
            } catch (Exception e) {
                throw new IllegalArgumentException("not a CIDR range: " + c);
            }
        }
        return new TrustedNetworks(List.copyOf(ranges));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        BigInteger value = new BigInteger(1, bytes);
        for (Range r : ranges) {
            if (r.length() == bytes.length * 8 && value.shiftRight(r.length() - r.bits()).equals(r.network())) {
                return true;
            }
        }
        return false;
    }
}
