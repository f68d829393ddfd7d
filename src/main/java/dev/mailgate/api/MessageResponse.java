package dev.mailgate.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of a successful send. */
@Schema(name = "MessageResponse")
@RegisterForReflection
public record MessageResponse(
        @Schema(description = "mailgate's id for this message (the local part of messageId).") String id,
        @Schema(description = "The RFC 5322 Message-ID the receiving server got.", examples = "<0b9c…@qq.com>") String messageId,
        @Schema(examples = "sent") String status,
        @Schema(description = "Envelope recipients the server accepted.") List<String> accepted,
        int attempts,
        long durationMs,
        @Schema(description = "The SMTP account that delivered it.", examples = "primary") String account,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @Schema(description = "With \"suppressed\": \"skip\": the recipients left out because they are on the"
                + " suppression list.") List<SuppressedRecipient> skipped) {

    public MessageResponse(String id, String messageId, String status, List<String> accepted, int attempts,
            long durationMs, String account) {
        this(id, messageId, status, accepted, attempts, durationMs, account, null);
    }

    MessageResponse skipping(List<SuppressedRecipient> skipped) {
        return new MessageResponse(id, messageId, status, accepted, attempts, durationMs, account, skipped);
    }
}
