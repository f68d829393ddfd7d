package dev.mailgate.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tests that deliver to the GreenMail SMTPS server. Bounces are read from the account's GreenMail mailbox over IMAPS
 * (IMAP IDLE wakes the reader; the poll is long, so a test that sees a bounce applied saw IDLE work), and reported to
 * a webhook endpoint "bounces" (message.bounced, message.delayed, suppression.added). Users' templates are read from
 * an empty directory that tests write into ({@link TemplateDirResource}).
 */
public class GreenMailProfile implements QuarkusTestProfile {

    public static final String BOUNCE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "the bounce endpoint's 32-byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    public static class Webhooks implements QuarkusTestResourceLifecycleManager {
        private static WebhookReceiver receiver;

        public static WebhookReceiver receiver() {
            return receiver;
        }

        @Override
        public Map<String, String> start() {
            receiver = new WebhookReceiver();
            return Map.of("mailgate.webhooks.bounces.url", receiver.url("/bounces"),
                    "mailgate.webhooks.bounces.secret", BOUNCE_SECRET,
                    "mailgate.webhooks.bounces.events", "message.bounced,message.delayed,suppression.added",
                    "mailgate.webhooks.allow-private-networks", "true");
        }

        @Override
        public void stop() {
            receiver.close();
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // Many test classes send through this one application within a minute: more than the account's default
        // rate limit (60 a minute), which its own tests (FaultRateLimitProfile) check.
        return Map.of("mailgate.bounces.enabled", "true",
                "mailgate.bounces.poll-interval", "10m",
                "mailgate.imap.folders", "INBOX,Junk",
                "mailgate.delivery.rate-limit.value", "100000");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GreenMailResource.class), new TestResourceEntry(Webhooks.class),
                new TestResourceEntry(TemplateDirResource.class));
    }
}
