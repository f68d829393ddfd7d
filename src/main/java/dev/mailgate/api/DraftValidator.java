package dev.mailgate.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import dev.mailgate.binding.FieldError;
import dev.mailgate.compose.MessageDraft;

/**
 * Runs Bean Validation on a draft and reports every problem with a JSON-style field path ({@code to[1]},
 * {@code attachments[0].filename}). Explicit rather than {@code @Valid} on the resource so that JSON and multipart,
 * which reach the draft differently, share one path and one error format.
 */
@ApplicationScoped
public class DraftValidator {

    private final Validator validator;
    private final RequestLimits limits;

    public DraftValidator(Validator validator, RequestLimits limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /** Returns the draft if valid; otherwise throws with these errors plus any found earlier (e.g. bad base64). */
    public MessageDraft validate(MessageDraft draft, List<FieldError> earlier) {
        List<FieldError> errors = new ArrayList<>(earlier);
        for (ConstraintViolation<MessageDraft> v : validator.validate(draft)) {
            errors.add(new FieldError(field(v.getPropertyPath()), v.getMessage()));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new InvalidRequestException(errors);
        }
        limits.check(draft);
        return draft;
    }

    static String field(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                sb.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.isEmpty() && !name.startsWith("<")) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(name);
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
