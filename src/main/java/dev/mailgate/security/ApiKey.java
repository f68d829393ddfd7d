package dev.mailgate.security;

import java.util.List;
import java.util.Locale;

import dev.mailgate.compose.MailboxAddress;
import io.smallrye.faulttolerance.api.Guard;

/**
 * One configured API key: its name (for logs and metrics, never the key), its hash, the senders it may use and its
 * optional own rate limit.
 */
public record ApiKey(String name, byte[] sha256, List<String> senders, Guard rateLimit) {

    /** Exact addresses, or {@code *@domain} for a whole domain; case-insensitive. */
    public boolean maySendAs(MailboxAddress from) {
        String address = from.address().toLowerCase(Locale.ROOT);
        for (String allowed : senders) {
            String a = allowed.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("*@") ? address.endsWith(a.substring(1)) : address.equals(a)) {
                return true;
            }
        }
        return false;
    }
}
