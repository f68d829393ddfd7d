package dev.mailgate.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

/**
 * The delivery policies every account starts from: {@code mailgate.delivery.retry.*}, {@code .circuit-breaker.*},
 * {@code .rate-limit.*} and {@code .bulkhead.*}. Until the next release the names they had as annotations on a class
 * that is gone, {@code quarkus.fault-tolerance."dev.mailgate.delivery.SmtpSender/send".<policy>.<property>}, still
 * work where the new name is not set, with a start-up warning naming the new key. Values resolve here, once: the
 * new name, else the old one, else the default.
 */
public interface DeliveryPolicyConfig {

    /** The old names' prefix, kept for one release. */
    String LEGACY = "quarkus.fault-tolerance.\"dev.mailgate.delivery.SmtpSender/send\".";

    interface Retry {
        Optional<Boolean> enabled();

        /** Retries of transient failures after the first attempt (default 3). */
        Optional<Integer> maxRetries();

        /** The first wait between attempts, growing exponentially with jitter (default 500ms). */
        Optional<Duration> delay();

        /** How long the retries of one send may take in all (default 20s). */
        Optional<Duration> maxDuration();
    }

    interface CircuitBreaker {
        Optional<Boolean> enabled();

        /** How many recent attempts the breaker looks at (default 5). */
        Optional<Integer> requestVolumeThreshold();

        /** The share of outages among them that opens it (default 0.8). */
        Optional<Double> failureRatio();

        /** How long it stays open before a trial attempt (default 30s). */
        Optional<Duration> delay();

        /** Trial attempts that must succeed to close it again (default 1). */
        Optional<Integer> successThreshold();
    }

    interface RateLimit {
        Optional<Boolean> enabled();

        /** Attempts per window, per account (default 60); an account's own rate-limit wins. */
        Optional<Integer> value();

        /** The rolling window (default 1m). */
        Optional<Duration> window();
    }

    interface Bulkhead {
        Optional<Boolean> enabled();

        /** Concurrent SMTP transactions per account (default 8). */
        Optional<Integer> value();

        /** How many sends may wait for one (default 64). */
        Optional<Integer> waitingTaskQueue();
    }

    /** The resolved values. */
    record Policies(boolean retry, int maxRetries, Duration retryDelay, Duration maxDuration,
            boolean breaker, int volume, double ratio, Duration breakerDelay, int successThreshold,
            boolean rateLimit, int rate, Duration window, boolean bulkhead, int concurrent, int queue) {
    }

    /** Resolves every policy value: the new name, else the old one, else the default. */
    static Policies resolve(MailgateConfig.Delivery d, Config raw) {
        Legacy old = new Legacy(raw);
        return new Policies(
                d.retry().enabled().orElseGet(() -> old.flag("retry.enabled")),
                d.retry().maxRetries().orElseGet(() -> old.integer("retry.max-retries").orElse(3)),
                d.retry().delay().orElseGet(() -> old.duration("retry.delay").orElse(Duration.ofMillis(500))),
                d.retry().maxDuration().orElseGet(() -> old.duration("retry.max-duration")
                        .orElse(Duration.ofSeconds(20))),
                d.circuitBreaker().enabled().orElseGet(() -> old.flag("circuit-breaker.enabled")),
                d.circuitBreaker().requestVolumeThreshold().orElseGet(() ->
                        old.integer("circuit-breaker.request-volume-threshold").orElse(5)),
                d.circuitBreaker().failureRatio().orElseGet(() ->
                        raw.getOptionalValue(LEGACY + "circuit-breaker.failure-ratio", Double.class).orElse(0.8)),
                d.circuitBreaker().delay().orElseGet(() -> old.duration("circuit-breaker.delay")
                        .orElse(Duration.ofSeconds(30))),
                d.circuitBreaker().successThreshold().orElseGet(() ->
                        old.integer("circuit-breaker.success-threshold").orElse(1)),
                d.rateLimit().enabled().orElseGet(() -> old.flag("rate-limit.enabled")),
                d.rateLimit().value().orElseGet(() -> old.integer("rate-limit.value").orElse(60)),
                d.rateLimit().window().orElseGet(() -> old.duration("rate-limit.window").orElse(Duration.ofMinutes(1))),
                d.bulkhead().enabled().orElseGet(() -> old.flag("bulkhead.enabled")),
                d.bulkhead().value().orElseGet(() -> old.integer("bulkhead.value").orElse(8)),
                d.bulkhead().waitingTaskQueue().orElseGet(() -> old.integer("bulkhead.waiting-task-queue").orElse(64)));
    }

    /** Values out of range, each naming the new key. */
    static List<String> problems(Policies p) {
        List<String> problems = new ArrayList<>();
        String k = "mailgate.delivery.";
        check(problems, p.maxRetries() >= 0, k + "retry.max-retries must be 0 or more");
        check(problems, !p.retryDelay().isNegative(), k + "retry.delay must not be negative");
        check(problems, p.maxDuration().isPositive(), k + "retry.max-duration must be positive");
        check(problems, p.volume() >= 1, k + "circuit-breaker.request-volume-threshold must be at least 1");
        check(problems, p.ratio() > 0 && p.ratio() <= 1, k + "circuit-breaker.failure-ratio must be above 0 and"
                + " at most 1");
        check(problems, !p.breakerDelay().isNegative(), k + "circuit-breaker.delay must not be negative");
        check(problems, p.successThreshold() >= 1, k + "circuit-breaker.success-threshold must be at least 1");
        check(problems, p.rate() >= 1, k + "rate-limit.value must be at least 1");
        check(problems, p.window().isPositive(), k + "rate-limit.window must be positive");
        check(problems, p.concurrent() >= 1, k + "bulkhead.value must be at least 1");
        check(problems, p.queue() >= 0, k + "bulkhead.waiting-task-queue must be 0 or more");
        return problems;
    }

    /**
     * A warning for each old name in use: the new key with the value to give it (a duration with its unit, since a
     * bare number under the new name means seconds), and whether the new one is set too and wins.
     */
    static List<String> legacyWarnings(Config raw) {
        Legacy old = new Legacy(raw);
        List<String> warnings = new ArrayList<>();
        for (String suffix : List.of("retry.enabled", "retry.max-retries", "retry.delay", "retry.delay-unit",
                "retry.max-duration", "retry.max-duration-unit", "circuit-breaker.enabled",
                "circuit-breaker.request-volume-threshold", "circuit-breaker.failure-ratio", "circuit-breaker.delay",
                "circuit-breaker.delay-unit", "circuit-breaker.success-threshold", "rate-limit.enabled",
                "rate-limit.value", "rate-limit.window", "rate-limit.window-unit", "bulkhead.enabled",
                "bulkhead.value", "bulkhead.waiting-task-queue")) {
            if (raw.getOptionalValue(LEGACY + suffix, String.class).isEmpty() || suffix.endsWith("-unit")
                    && raw.getOptionalValue(LEGACY + suffix.replace("-unit", ""), String.class).isPresent()) {
                continue; // a unit beside its count: one warning for both
            }
            String key = suffix.replace("-unit", "");
            String now = "mailgate.delivery." + key;
            boolean overridden = raw.getOptionalValue(now, String.class).isPresent();
            String value = Legacy.DURATIONS.containsKey(key) ? old.duration(key).map(Legacy::text).orElse("")
                    : raw.getOptionalValue(LEGACY + suffix, String.class).orElse("");
            warnings.add(LEGACY + suffix + " is deprecated and goes away in the next release: use " + now + "="
                    + value + " (" + env(now) + ")" + (overridden ? "; " + now + " is set too and wins" : ""));
        }
        return warnings;
    }

    private static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** The old names' values: numbers, with durations in a separate unit property as the annotations had them. */
    final class Legacy {
        /** Each old duration's default count and unit, used as they were when only one of the two is set. */
        static final java.util.Map<String, Duration> DURATIONS = java.util.Map.of("retry.delay", Duration.ofMillis(500),
                "retry.max-duration", Duration.ofMillis(20_000), "circuit-breaker.delay", Duration.ofMillis(30_000),
                "rate-limit.window", Duration.ofMinutes(1));
        private static final java.util.Map<String, ChronoUnit> UNITS = java.util.Map.of("retry.delay",
                ChronoUnit.MILLIS, "retry.max-duration", ChronoUnit.MILLIS, "circuit-breaker.delay", ChronoUnit.MILLIS,
                "rate-limit.window", ChronoUnit.MINUTES);
        private final Config raw;

        Legacy(Config raw) {
            this.raw = raw;
        }

        boolean flag(String key) {
            return raw.getOptionalValue(LEGACY + key, Boolean.class).orElse(true);
        }

        Optional<Integer> integer(String key) {
            return raw.getOptionalValue(LEGACY + key, Integer.class);
        }

        /** The count in its unit; either may be set alone, the other then keeps its old default. */
        Optional<Duration> duration(String key) {
            Optional<Long> count = raw.getOptionalValue(LEGACY + key, Long.class);
            Optional<ChronoUnit> unit = raw.getOptionalValue(LEGACY + key + "-unit", String.class)
                    .map(u -> ChronoUnit.valueOf(u.trim().toUpperCase(Locale.ROOT)));
            if (count.isEmpty() && unit.isEmpty()) {
                return Optional.empty();
            }
            ChronoUnit defaultUnit = UNITS.get(key);
            long defaultCount = DURATIONS.get(key).toMillis() / Duration.of(1, defaultUnit).toMillis();
            return Optional.of(Duration.of(count.orElse(defaultCount), unit.orElse(defaultUnit)));
        }

        /** A duration as the new keys take it: 500ms, 30s, 2m. */
        static String text(Duration d) {
            long ms = d.toMillis();
            if (ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
        }
    }
}
