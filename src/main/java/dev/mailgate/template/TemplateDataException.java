package dev.mailgate.template;

import java.util.List;

import dev.mailgate.binding.FieldError;

/** The template name, locale or data is unusable; each problem names its field (e.g. {@code template.data.title}). */
public class TemplateDataException extends RuntimeException {

    private final List<FieldError> problems;

    public TemplateDataException(List<FieldError> problems) {
        super("invalid template request", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<FieldError> problems() {
        return problems;
    }
}
