package dev.mailgate.support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        Prerequisite.require("Node.js", works("node", "--version"), Prerequisite.debianPackage("nodejs")
                + " npm is needed too.");
        File e2e = new File("e2e");
        if (!new File(e2e, "node_modules/standardwebhooks").isDirectory()) {
            run(e2e, null, "npm", "ci", "--no-audit", "--no-fund");
        }
        String input = new ObjectMapper().writeValueAsString(Map.of("secret", secret, "body", r.body(), "headers",
                Map.of("webhook-id", String.valueOf(r.header("webhook-id")), "webhook-timestamp",
                        String.valueOf(r.header("webhook-timestamp")), "webhook-signature",
                        String.valueOf(r.header("webhook-signature")))));
        return run(e2e, input, "node", "verify-webhook.mjs").strip();
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(File dir, String stdin, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish:\n" + out);
        }
        return out;
    }
}
