package dev.mailgate.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailgate.config.MailgateConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Start-up validation of webhook settings: every problem at once, each naming its setting. */
class EndpointsConfigTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static List<String> problems(Map<String, String> props) {
        MailgateConfig.Webhooks webhooks = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(MailgateConfig.Webhooks.class,
                "mailgate.webhooks").withSources(new PropertiesConfigSource(props, "test", 100)).build()
                .getConfigMapping(MailgateConfig.Webhooks.class, "mailgate.webhooks");
        return Endpoints.problems(webhooks, Set.of("ci"), true);
    }

    @Test
    void aGoodEndpointHasNoProblems() {
        assertEquals(List.of(), problems(Map.of("mailgate.webhooks.crm.url", "https://hooks.example.com/mail",
                "mailgate.webhooks.crm.secret", SECRET, "mailgate.webhooks.crm.events", "message.sent,message.failed",
                "mailgate.webhooks.crm.api-keys", "ci")));
    }

    @Test
    void everyBadSettingIsNamed() {
        Map<String, String> p = new HashMap<>();
        p.put("mailgate.webhooks.a.url", "ftp://hooks.example.com/mail");
        p.put("mailgate.webhooks.a.secret", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        p.put("mailgate.webhooks.b.url", "http://127.0.0.1:9000/hook");
        p.put("mailgate.webhooks.b.secret", "whsec_c2hvcnQ=");
        p.put("mailgate.webhooks.b.events", "message.sent,message.opened");
        p.put("mailgate.webhooks.c.secret", SECRET);
        p.put("mailgate.webhooks.c.api-keys", "nobody");
        p.put("mailgate.webhooks.d.url", "https://[::1]/hook");
        p.put("mailgate.webhooks.d.secret", SECRET);
        List<String> problems = problems(p);
        assertEquals(8, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("mailgate.webhooks.a.url must be an absolute http"), problems.get(0));
        assertTrue(problems.get(1).startsWith("mailgate.webhooks.a.secret must be whsec_"), problems.get(1));
        assertTrue(problems.get(2).contains("mailgate.webhooks.b.url points at a loopback"), problems.get(2));
        assertTrue(problems.get(3).contains("mailgate.webhooks.b.secret must hold 24 to 64 bytes"), problems.get(3));
        assertTrue(problems.get(4).contains("mailgate.webhooks.b.events has message.opened"), problems.get(4));
        assertTrue(problems.get(5).startsWith("mailgate.webhooks.c.url is missing"), problems.get(5));
        assertTrue(String.join("\n", problems).contains("mailgate.webhooks.c.api-keys names nobody"), problems.toString());
        assertTrue(String.join("\n", problems).contains("mailgate.webhooks.d.url points at a loopback"));
        assertTrue(problems.stream().noneMatch(s -> s.contains("MfKQ9r8")), "no secret is echoed");
    }

    @Test
    void anEndpointMayBeConfiguredByEnvironmentVariables() {
        MailgateConfig.Webhooks webhooks = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(MailgateConfig.Webhooks.class, "mailgate.webhooks")
                .withSources(new io.smallrye.config.EnvConfigSource(Map.of("MAILGATE_WEBHOOKS_CRM_URL",
                        "https://hooks.example.com/mail", "MAILGATE_WEBHOOKS_CRM_SECRET", SECRET,
                        "MAILGATE_WEBHOOKS_CRM_EVENTS", "message.sent"), 300) {
                }).build().getConfigMapping(MailgateConfig.Webhooks.class, "mailgate.webhooks");
        assertEquals(Set.of("crm"), webhooks.endpoints().keySet());
        assertEquals("https://hooks.example.com/mail", webhooks.endpoints().get("crm").url().orElseThrow());
        assertEquals(List.of("message.sent"), webhooks.endpoints().get("crm").events().orElseThrow());
    }

    @Test
    void anEndpointMayBeLimitedToEventsAndApiKeys() {
        Endpoints.Endpoint billing = new Endpoints.Endpoint("billing", java.net.URI.create("https://h.example.com"),
                new byte[32], java.util.EnumSet.of(EventType.SENT, EventType.FAILED), java.util.Optional.of(Set.of("ci")));
        assertTrue(billing.wants(EventType.SENT, "ci"));
        assertTrue(!billing.wants(EventType.QUEUED, "ci"), "an event it did not ask for");
        assertTrue(!billing.wants(EventType.SENT, "other"), "another key's message");
        assertTrue(!billing.wants(EventType.SENT, null), "a message sent without API keys");
        Endpoints.Endpoint all = new Endpoints.Endpoint("all", java.net.URI.create("https://h.example.com"),
                new byte[32], java.util.EnumSet.allOf(EventType.class), java.util.Optional.empty());
        assertTrue(all.wants(EventType.QUEUED, null) && all.wants(EventType.CANCELLED, "other"));
    }

    @Test
    void privateAddressesAreAllowedOnRequest() {
        assertEquals(List.of(), problems(Map.of("mailgate.webhooks.local.url", "http://127.0.0.1:9000/hook",
                "mailgate.webhooks.local.secret", SECRET, "mailgate.webhooks.allow-private-networks", "true")));
    }
}
