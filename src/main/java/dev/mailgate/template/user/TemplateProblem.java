package dev.mailgate.template.user;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One reason a template was refused: the file (as in the directory layout: {@code body.en.html}), the line and
 * column where one applies (1-based; 0 when the problem is the file as a whole), and what is wrong.
 */
@RegisterForReflection
public record TemplateProblem(String file, int line, int column, String message) {

    static TemplateProblem of(String file, String message) {
        return new TemplateProblem(file, 0, 0, message);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + ":" + column : "") + ": " + message;
    }
}
