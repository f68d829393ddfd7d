package dev.mailgate.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@link FaultServerProfile} with webhooks to a {@link WebhookReceiver}: endpoint "main" (every event), "other" (its
 * own secret, message.sent only), "gone" (for the 410 test, message.sent only) and a short retry schedule, so that retries happen within a test.
 */
public class WebhookProfile extends FaultServerProfile {

    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String OTHER_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a second endpoint's 32-byte key!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static WebhookReceiver receiver;

        public static WebhookReceiver receiver() {
            return receiver;
        }

        @Override
        public Map<String, String> start() {
            receiver = new WebhookReceiver();
            return Map.ofEntries(Map.entry("mailgate.webhooks.main.url", receiver.url("/main")),
                    Map.entry("mailgate.webhooks.other.url", receiver.url("/other")),
                    Map.entry("mailgate.webhooks.other.secret", OTHER_SECRET),
                    Map.entry("mailgate.webhooks.other.events", "message.sent"),
                    Map.entry("mailgate.webhooks.main.secret", SECRET),
                    Map.entry("mailgate.webhooks.gone.url", receiver.url("/gone")),
                    Map.entry("mailgate.webhooks.gone.secret", OTHER_SECRET),
                    Map.entry("mailgate.webhooks.gone.events", "message.sent"),
                    Map.entry("mailgate.webhooks.allow-private-networks", "true"),
                    Map.entry("mailgate.webhooks.retry-schedule", "300ms,600ms,900ms"),
                    Map.entry("mailgate.webhooks.timeout", "2s"));
        }

        @Override
        public void stop() {
            receiver.close();
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> all = new ArrayList<>(super.testResources());
        all.add(new TestResourceEntry(Resource.class));
        return all;
    }
}
