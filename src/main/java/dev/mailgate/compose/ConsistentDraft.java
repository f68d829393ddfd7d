package dev.mailgate.compose;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Rules that span fields: a body exists, inline parts have unique content ids. */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = ConsistentDraft.Validator.class)
public @interface ConsistentDraft {
    String message() default "is inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ConsistentDraft, MessageDraft> {
        @Override
        public boolean isValid(MessageDraft draft, ConstraintValidatorContext context) {
            if (draft == null) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            if (isEmpty(draft.text()) && isEmpty(draft.html())) {
                context.buildConstraintViolationWithTemplate("text or html is required")
                        .addPropertyNode("text").addConstraintViolation();
                valid = false;
            }
            if (!isEmpty(draft.fromName()) && !isEmpty(draft.from())) {
                context.buildConstraintViolationWithTemplate("goes with a message without from; put the display name"
                        + " in from instead (\"Name <address>\")").addPropertyNode("fromName").addConstraintViolation();
                valid = false;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < draft.inline().size(); i++) {
                Part part = draft.inline().get(i);
                if (part == null) {
                    continue;
                }
                String cid = part.contentId();
                if (cid == null || cid.isBlank()) {
                    context.buildConstraintViolationWithTemplate("is required for inline parts")
                            .addPropertyNode("inline").addPropertyNode("contentId").inIterable().atIndex(i)
                            .addConstraintViolation();
                    valid = false;
                } else if (!seen.add(cid.toLowerCase(Locale.ROOT))) {
                    context.buildConstraintViolationWithTemplate("is used by more than one inline part")
                            .addPropertyNode("inline").addPropertyNode("contentId").inIterable().atIndex(i)
                            .addConstraintViolation();
                    valid = false;
                }
            }
            return valid;
        }

        private static boolean isEmpty(String s) {
            return s == null || s.isEmpty();
        }
    }
}
