package dev.mailgate.support;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies a webhook delivery with the Standard Webhooks reference library (npm: standardwebhooks, through
 * e2e/verify-webhook.mjs): an implementation of the signature scheme that is not mailgate's. Needs Node.js; without
 * it the calling test is skipped with a notice (a failure in CI).
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    /** "ok message.sent" for a valid delivery; "invalid: reason" otherwise. */
    public static String verify(String secret, WebhookReceiver.Received r) throws Exception {
        String input = new ObjectMapper().writeValueAsString(Map.of("secret", secret, "body", r.body(), "headers",
                Map.of("webhook-id", String.valueOf(r.header("webhook-id")), "webhook-timestamp",
                        String.valueOf(r.header("webhook-timestamp")), "webhook-signature",
                        String.valueOf(r.header("webhook-signature")))));
        return E2e.node(input, "verify-webhook.mjs").out().strip();
    }
}
