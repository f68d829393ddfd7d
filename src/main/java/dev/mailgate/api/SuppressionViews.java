package dev.mailgate.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mailgate.suppression.Suppression;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What /api/v1/suppressions takes and answers. */
final class SuppressionViews {

    private SuppressionViews() {
    }

    @Schema(name = "Suppression")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(@Schema(examples = "bob@example.com") String address,
            @Schema(description = "hard_bounce, soft_bounce_limit, manual or unsubscribe", examples = "manual") String reason,
            String note,
            @Schema(description = "mailgate's id of the message whose bounce put it here.") String messageId,
            @Schema(description = "The SMTP or DSN status and text of that bounce.") String diagnostic,
            Instant createdAt, Instant updatedAt,
            @Schema(description = "When it comes off the list by itself; absent: never.") Instant expiresAt,
            @Schema(description = "The API key that added it (its name); absent when mailgate did.") String createdBy) {

        static View of(Suppression s) {
            return new View(s.address(), s.reason().wire(), s.note(), s.message(), s.diagnostic(), s.createdAt(),
                    s.updatedAt(), s.expiresAt(), s.createdBy());
        }
    }

    @Schema(name = "SuppressionPage")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Page(List<View> suppressions,
            @Schema(description = "Pass as cursor for the next page; absent on the last.") String nextCursor) {
    }

    @Schema(name = "SuppressionPut", description = "Every field is optional: a bare PUT adds a manual entry.")
    @RegisterForReflection
    record Put(@Schema(examples = "manual", enumeration = { "hard_bounce", "soft_bounce_limit", "manual",
            "unsubscribe" }) String reason,
            @Schema(examples = "asked by phone on 2026-12-01") String note,
            @Schema(description = "RFC 3339 with an offset; the entry comes off the list then.") OffsetDateTime expiresAt) {
    }

    @Schema(name = "SuppressionImport")
    @RegisterForReflection
    record Import(@Schema(required = true, examples = "[\"bob@example.com\", \"carol@example.com\"]") List<String> addresses,
            @Schema(examples = "manual") String reason, String note) {
    }

    @Schema(name = "SuppressionImportResult")
    @RegisterForReflection
    record Imported(int created, int updated,
            @Schema(description = "Already on the list exactly as given: left alone.") int unchanged,
            @Schema(description = "Each entry that was not taken, and why.") List<Invalid> invalid) {
    }

    @Schema(name = "SuppressionImportInvalid")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Invalid(@Schema(description = "The CSV line (1 is the first).") Integer line,
            @Schema(description = "The JSON element, as addresses[2].") String field, String value, String message) {
    }
}
