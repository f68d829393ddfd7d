package dev.mailgate.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.mailgate.binding.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a batch: one entry per element, in request order. In permissive mode an element that was refused is
 * null in {@code data} and named, with its index, in {@code errors}.
 */
@Schema(name = "BatchResponse")
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BatchResponse(
        @Schema(description = "Per element, in request order: the queued message, or null for a refused one.") List<AcceptedResponse> data,
        @Schema(description = "Permissive mode only: why elements were refused, as messages[i].field.") List<FieldError> errors) {
}
