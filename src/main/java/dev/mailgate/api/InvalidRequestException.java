package dev.mailgate.api;

import java.util.List;

import dev.mailgate.binding.FieldError;

/** A request that cannot be sent as it is; becomes a 400 problem listing every bad field. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super("The request is invalid.", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
