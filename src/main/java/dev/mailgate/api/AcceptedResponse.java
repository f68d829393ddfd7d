package dev.mailgate.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an asynchronous or scheduled send: stored, and where to follow it. */
@Schema(name = "AcceptedResponse")
@RegisterForReflection
public record AcceptedResponse(
        @Schema(description = "mailgate's id for this message; GET /api/v1/messages/{id} shows its status.") String id,
        @Schema(description = "The RFC 5322 Message-ID it will be sent with, on every attempt.") String messageId,
        @Schema(description = "queued, or scheduled when sendAt is in the future.", examples = "queued") String status,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @Schema(description = "With \"suppressed\": \"skip\": the recipients left out because they are on the"
                + " suppression list.") java.util.List<SuppressedRecipient> skipped) {

    public AcceptedResponse(String id, String messageId, String status) {
        this(id, messageId, status, null);
    }
}
