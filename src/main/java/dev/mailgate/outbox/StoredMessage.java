package dev.mailgate.outbox;

import java.time.Instant;
import java.util.List;

/** A message as the store knows it, with its attempts, oldest first. */
public record StoredMessage(String id, String messageId, String apiKey, String mode, Status status, String sender,
        List<String> recipients, String subject, long size, Instant createdAt, Instant updatedAt, Instant sendAt,
        Instant nextAttemptAt, Instant finishedAt, int attemptCount, LastError error, boolean bodyDeleted,
        List<Attempt> attempts, String account) {

    /** Why the message is not sent (yet): the last attempt's outcome, or why mailgate gave up. */
    public record LastError(String outcome, String message, Integer smtpCode, String smtpReply) {
    }

    /**
     * One SMTP attempt: its outcome in the sync API's words (sent, transient, rate_limited, ...), and the account it
     * went through (null for a deferral before any account, and for records from before accounts).
     */
    public record Attempt(Instant at, String outcome, Integer smtpCode, String smtpReply, long durationMs,
            String account) {

        public Attempt(Instant at, String outcome, Integer smtpCode, String smtpReply, long durationMs) {
            this(at, outcome, smtpCode, smtpReply, durationMs, null);
        }
    }

    StoredMessage withAttempts(List<Attempt> list) {
        return new StoredMessage(id, messageId, apiKey, mode, status, sender, recipients, subject, size, createdAt,
                updatedAt, sendAt, nextAttemptAt, finishedAt, attemptCount, error, bodyDeleted, list, account);
    }
}
