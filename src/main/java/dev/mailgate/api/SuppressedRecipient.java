package dev.mailgate.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mailgate.suppression.Suppressions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A recipient on the suppression list: in a 422 problem (refused) or a response's skipped list. */
@Schema(name = "SuppressedRecipient")
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuppressedRecipient(
        @Schema(examples = "bob@example.com") String address,
        @Schema(description = "hard_bounce, soft_bounce_limit, manual or unsubscribe", examples = "hard_bounce") String reason,
        @Schema(description = "Since when it is on the list.") Instant since,
        @Schema(description = "In a batch: the element it is in.") Integer message) {

    static SuppressedRecipient of(Suppressions.Hit h, Integer element) {
        return new SuppressedRecipient(h.address(), h.reason().wire(), h.since(), element);
    }
}
