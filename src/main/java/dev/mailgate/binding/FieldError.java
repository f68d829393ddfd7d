package dev.mailgate.binding;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One invalid field of a request, e.g. {@code to[1]}: "is not a valid email address". */
@RegisterForReflection
public record FieldError(String field, String message) {
}
