package dev.mailgate.compose;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A custom header name: an RFC 5322 field name (printable ASCII without colon) that mailgate does not own. Letting a
 * caller set To, Bcc or Content-Type through {@code headers} would bypass every other check.
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Constraint(validatedBy = HeaderName.Validator.class)
public @interface HeaderName {
    String message() default "must be an RFC 5322 header name (printable ASCII, no colon or space)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HeaderName, String> {
        static final Set<String> PROTECTED = Set.of("from", "sender", "to", "cc", "bcc", "subject", "message-id", "date",
                "mime-version", "received", "return-path", "reply-to");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.isEmpty() || value.length() > 76 || !value.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
                return false;
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (PROTECTED.contains(lower) || lower.startsWith("content-") || lower.startsWith("dkim-")) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(
                        "is set by mailgate and cannot be overridden through headers").addConstraintViolation();
                return false;
            }
            return true;
        }
    }
}
