package dev.mailgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.mutiny.Uni;

/**
 * The account's "slow down until T". A throttle reply closes the gate for the wait the reply names, or else for a
 * pause that doubles with each throttle in a row and resets on the next success. Sends wait for the gate while their
 * deadline allows and are told 429 with Retry-After otherwise. A throttled provider slows mailgate down; it does not
 * trip the circuit breaker, which is for outages.
 */
public class ThrottleGate {

    /** After a throttle, sends prefer an open connection for this long rather than opening more. */
    private static final Duration CAREFUL = Duration.ofMinutes(1);

    private final Duration firstPause;
    private final Duration maxPause;
    private Duration pause;
    private Instant closedUntil = Instant.EPOCH;
    private Instant lastThrottle = Instant.EPOCH;
    private DeliveryException lastReply;

    /** One account's gate; the pauses are mailgate.delivery.throttle-pause and throttle-max-pause. */
    public ThrottleGate(Duration firstPause, Duration maxPause) {
        this.firstPause = firstPause;
        this.maxPause = maxPause.compareTo(firstPause) < 0 ? firstPause : maxPause;
        this.pause = firstPause;
    }

    /** A throttle reply: closes the gate for the wait it names, else the current pause, which then doubles. */
    public synchronized void throttled(DeliveryException reply) {
        Instant now = Instant.now();
        Optional<Duration> hint = ThrottleSignals.hint(reply.smtpReply());
        Duration wait = hint.filter(h -> h.compareTo(pause) > 0).orElse(pause);
        lastReply = reply;
        Instant until = now.plus(wait);
        if (until.isAfter(closedUntil)) {
            closedUntil = until;
        }
        lastThrottle = now;
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(maxPause) > 0 ? maxPause : doubled;
    }

    /** A message went through: the next throttle starts again from the first pause. */
    public synchronized void cleared() {
        pause = firstPause;
    }

    /** Opens the gate and forgets past throttles (tests reset it between cases). */
    synchronized void open() {
        closedUntil = Instant.EPOCH;
        lastThrottle = Instant.EPOCH;
        pause = firstPause;
        lastReply = null;
    }

    /** How long the gate stays closed; zero when open. */
    public synchronized Duration remaining() {
        Duration d = Duration.between(Instant.now(), closedUntil);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Whole seconds until the gate opens, at least 1: a Retry-After value. */
    public long retryAfterSeconds() {
        return Math.max(1, (remaining().toMillis() + 999) / 1000);
    }

    private synchronized DeliveryException lastReply() {
        return lastReply;
    }

    /** Whether the provider throttled recently, so a send should reuse an open connection rather than open one. */
    public synchronized boolean recentlyThrottled() {
        return Duration.between(lastThrottle, Instant.now()).compareTo(CAREFUL) < 0;
    }

    /** What a send that may not wait for the closed gate is told: when it opens, and the reply that closed it. */
    ThrottledException closed() {
        DeliveryException reply = lastReply();
        return new ThrottledException(retryAfterSeconds(), reply == null ? null : reply.smtpCode(),
                reply == null ? null : reply.smtpReply());
    }

    /**
     * Passes at once when open. When closed, waits until it opens (plus a little jitter, so the waiting sends do not
     * all hit the provider in the same instant) if the send would still have {@code reserve} before its
     * {@code deadline}; otherwise fails with a {@link ThrottledException} naming the wait.
     */
    public Uni<Void> pass(Instant deadline, Duration reserve) {
        return Uni.createFrom().deferred(() -> {
            Duration wait = remaining();
            if (wait.isZero()) {
                return Uni.createFrom().voidItem();
            }
            Duration jittered = wait.plusMillis(ThreadLocalRandom.current().nextLong(Math.min(1_000, wait.toMillis() / 4) + 1));
            if (Instant.now().plus(jittered).plus(reserve).isAfter(deadline)) {
                return Uni.createFrom().failure(closed());
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(jittered);
        });
    }
}
