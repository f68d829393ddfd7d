package dev.mailgate.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * mailgate pointed at the scripted {@link FaultSmtpServer}, with short delays so failure tests stay fast. The server
 * offers PIPELINING, so these tests cover the pipelined envelope; GreenMail does not offer it, so the GreenMail tests
 * cover the one-command-at-a-time path.
 */
public class FaultServerProfile implements QuarkusTestProfile {

    public static final String FT = "mailgate.delivery.";

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static FaultSmtpServer server;

        public static FaultSmtpServer server() {
            return server;
        }

        @Override
        public Map<String, String> start() {
            server = new FaultSmtpServer();
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.mailer.mock", "false");
            config.put("mailgate.provider", "custom");
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(server.port()));
            config.put("quarkus.mailer.tls", "false");
            config.put("quarkus.mailer.login", "REQUIRED");
            config.put("quarkus.mailer.username", "bot@mailgate.test");
            config.put("quarkus.mailer.password", "fault-secret-123");
            config.put("quarkus.mailer.from", "bot@mailgate.test");
            config.put("mailgate.delivery.attempt-timeout", "1s");
            config.put("mailgate.health.smtp-check", "false");
            config.put("mailgate.delivery.throttle-pause", "200ms");
            config.put("mailgate.delivery.throttle-max-pause", "1s");
            config.put(FT + "retry.delay", "100ms");
            config.put(FT + "circuit-breaker.request-volume-threshold", "4");
            config.put(FT + "circuit-breaker.failure-ratio", "1.0");
            config.put(FT + "circuit-breaker.delay", "1500ms");
            return config;
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    /** Many tests share this application; the account-wide rate limit is tested in its own profiles. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of());
    }

    /**
     * A clean slate for the next test case: the server's script and counters, the circuit breaker, the throttle gate;
     * then a moment for the client to notice its pooled connections were closed.
     */
    public static FaultSmtpServer fresh(io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers,
            dev.mailgate.delivery.ThrottleGateAccess gate) throws InterruptedException {
        FaultSmtpServer server = Resource.server();
        server.reset();
        breakers.resetAll();
        gate.open();
        Thread.sleep(100);
        return server;
    }

    /** The base settings with {@code more} on top, for the profiles that build on this one. */
    protected static Map<String, String> with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>();
        all.put(FT + "rate-limit.value", "10000");
        all.putAll(more);
        return all;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
