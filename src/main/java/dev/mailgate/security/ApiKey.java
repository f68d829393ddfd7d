package dev.mailgate.security;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.address.SenderPatterns;
import io.smallrye.faulttolerance.api.Guard;

/**
 * One configured API key: its name (for logs and metrics, never the key), its hash, the senders it may use and its
 * optional own rate limit.
 */
public record ApiKey(String name, byte[] sha256, SenderPatterns senders, Guard rateLimit) {

    public boolean maySendAs(MailboxAddress from) {
        return senders.matches(from);
    }
}
