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
        @Schema(description = "The SMTP account that delivered it.", examples = "primary") String account) {
}
