package dev.mailgate.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failed logins per client address in a sliding window: past the limit, that address may not try AUTH for a while. */
final class FailedLogins {

    static final Duration WINDOW = Duration.ofMinutes(10);

    private final int limit;
    private final Map<InetAddress, Deque<Long>> failures = new ConcurrentHashMap<>();

    FailedLogins(int limit) {
        this.limit = limit;
    }

    boolean blocked(InetAddress address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= limit;
        }
    }

    void failed(InetAddress address) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(System.nanoTime());
        }
        if (failures.size() > 10_000) {
            // Bounded memory under a spray of addresses: forget the ones whose window has passed.
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private static void prune(Deque<Long> times) {
        long oldest = System.nanoTime() - WINDOW.toNanos();
        while (!times.isEmpty() && times.peekFirst() < oldest) {
            times.removeFirst();
        }
    }
}
