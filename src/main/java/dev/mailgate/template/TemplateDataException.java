package dev.mailgate.template;

import java.util.List;

/** The template name, locale or data is unusable; each problem names its field (e.g. {@code template.data.title}). */
public class TemplateDataException extends RuntimeException {

    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public TemplateDataException(List<Problem> problems) {
        super("invalid template request", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
