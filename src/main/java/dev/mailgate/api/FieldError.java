package dev.mailgate.api;

/** One invalid field of a request, e.g. {@code to[1]}: "is not a valid email address". */
public record FieldError(String field, String message) {
}
