package dev.mailgate.bounce;

import java.util.List;

/**
 * What a bounce says: for each recipient it names, the verdict, the enhanced status and the diagnostic; and the
 * Message-IDs the original message may have had, most trustworthy first (the returned message's own, then
 * In-Reply-To and References, then any in the text).
 */
public record Bounce(List<Recipient> recipients, List<String> messageIds) {

    /** One recipient: its address as the bounce names it, the verdict and why (the rule's source). */
    public record Recipient(String address, BounceType type, String status, String diagnostic, String rule) {
    }
}
