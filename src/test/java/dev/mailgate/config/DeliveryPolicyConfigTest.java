package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The delivery policies' names: mailgate.delivery.* in properties and environment variables, and the old
 * quarkus.fault-tolerance."...SmtpSender/send".* names for one more release, with a warning that names the new key.
 */
class DeliveryPolicyConfigTest {

    private static final String OLD = DeliveryPolicyConfig.LEGACY;

    static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        // Quarkus' own converters, as the application has them: "500ms", "7d", "35M".
        return new SmallRyeConfigBuilder().withMapping(MailgateConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300))
                .withValidateUnknown(false).build();
    }

    static DeliveryPolicyConfig.Policies resolve(SmallRyeConfig c) {
        return DeliveryPolicyConfig.resolve(c.getConfigMapping(MailgateConfig.class).delivery(), c);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        DeliveryPolicyConfig.Policies p = resolve(config(Map.of(), Map.of()));
        assertEquals(new DeliveryPolicyConfig.Policies(true, 3, Duration.ofMillis(500), Duration.ofSeconds(20),
                true, 5, 0.8, Duration.ofSeconds(30), 1, true, 60, Duration.ofMinutes(1), true, 8, 64), p);
        assertEquals(List.of(), DeliveryPolicyConfig.problems(p));
        assertEquals(List.of(), DeliveryPolicyConfig.legacyWarnings(config(Map.of(), Map.of())));
    }

    @Test
    void everyNewKeyIsReadFromPropertiesAndTheEnvironment() {
        DeliveryPolicyConfig.Policies p = resolve(config(Map.of(
                "mailgate.delivery.retry.max-retries", "7",
                "mailgate.delivery.retry.delay", "250ms",
                "mailgate.delivery.circuit-breaker.failure-ratio", "0.5",
                "mailgate.delivery.bulkhead.value", "3"), Map.of(
                "MAILGATE_DELIVERY_RETRY_MAX_DURATION", "45s",
                "MAILGATE_DELIVERY_CIRCUIT_BREAKER_REQUEST_VOLUME_THRESHOLD", "11",
                "MAILGATE_DELIVERY_CIRCUIT_BREAKER_DELAY", "2m",
                "MAILGATE_DELIVERY_RATE_LIMIT_VALUE", "30",
                "MAILGATE_DELIVERY_RATE_LIMIT_WINDOW", "10s",
                "MAILGATE_DELIVERY_BULKHEAD_WAITING_TASK_QUEUE", "9")));
        assertEquals(7, p.maxRetries());
        assertEquals(Duration.ofMillis(250), p.retryDelay());
        assertEquals(Duration.ofSeconds(45), p.maxDuration());
        assertEquals(11, p.volume());
        assertEquals(0.5, p.ratio());
        assertEquals(Duration.ofMinutes(2), p.breakerDelay());
        assertEquals(30, p.rate());
        assertEquals(Duration.ofSeconds(10), p.window());
        assertEquals(3, p.concurrent());
        assertEquals(9, p.queue());
    }

    @Test
    void theOldNamesStillWorkWithAWarningNamingTheNewKey() {
        SmallRyeConfig c = config(Map.of(OLD + "retry.max-retries", "1", OLD + "retry.delay", "100",
                OLD + "rate-limit.value", "5", OLD + "rate-limit.window", "2", OLD + "rate-limit.window-unit",
                "seconds"), Map.of());
        DeliveryPolicyConfig.Policies p = resolve(c);
        assertEquals(1, p.maxRetries());
        assertEquals(Duration.ofMillis(100), p.retryDelay(), "a plain number was milliseconds");
        assertEquals(5, p.rate());
        assertEquals(Duration.ofSeconds(2), p.window());
        List<String> warnings = DeliveryPolicyConfig.legacyWarnings(c);
        assertEquals(4, warnings.size(), "a unit beside its count is one warning: " + warnings);
        assertTrue(warnings.getFirst().contains("use mailgate.delivery.retry.max-retries=1"
                + " (MAILGATE_DELIVERY_RETRY_MAX_RETRIES)"), warnings.getFirst());
        // The value to give the new key, with its unit: a bare number there would mean seconds.
        assertTrue(warnings.stream().anyMatch(w -> w.contains("use mailgate.delivery.retry.delay=100ms")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("use mailgate.delivery.rate-limit.window=2s")), warnings.toString());
    }

    @Test
    void anOldUnitAloneKeepsTheOldCount() {
        SmallRyeConfig c = config(Map.of(OLD + "rate-limit.window-unit", "hours", OLD + "circuit-breaker.delay-unit",
                "seconds"), Map.of());
        assertEquals(Duration.ofHours(1), resolve(c).window(), "1 hour, as the annotation had it");
        assertEquals(Duration.ofSeconds(30_000), resolve(c).breakerDelay());
        assertTrue(DeliveryPolicyConfig.legacyWarnings(c).stream()
                .anyMatch(w -> w.contains("use mailgate.delivery.rate-limit.window=60m")), DeliveryPolicyConfig.legacyWarnings(c).toString());
    }

    @Test
    void aNewKeyWinsOverItsOldNameAndTheWarningSaysSo() {
        SmallRyeConfig c = config(Map.of(OLD + "retry.max-retries", "1"),
                Map.of("MAILGATE_DELIVERY_RETRY_MAX_RETRIES", "4"));
        assertEquals(4, resolve(c).maxRetries());
        assertTrue(DeliveryPolicyConfig.legacyWarnings(c).getFirst().endsWith("is set too and wins"));
    }

    @Test
    void valuesOutOfRangeAreEachOneProblemNamingTheKey() {
        List<String> problems = DeliveryPolicyConfig.problems(resolve(config(Map.of(
                "mailgate.delivery.retry.max-retries", "-1",
                "mailgate.delivery.circuit-breaker.failure-ratio", "1.5",
                "mailgate.delivery.rate-limit.value", "0",
                "mailgate.delivery.bulkhead.value", "0"), Map.of())));
        assertEquals(List.of("mailgate.delivery.retry.max-retries must be 0 or more",
                "mailgate.delivery.circuit-breaker.failure-ratio must be above 0 and at most 1",
                "mailgate.delivery.rate-limit.value must be at least 1",
                "mailgate.delivery.bulkhead.value must be at least 1"), problems);
    }
}
