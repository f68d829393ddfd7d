package dev.mailgate.template;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A system alert. */
@TemplateData
@RegisterForReflection
public record AlertData(
        @NotNull Severity severity,
        @NotBlank @Size(max = 200) String service,
        @NotBlank @Size(max = 500) String summary,
        @Size(max = 20_000) String details,
        @NotNull OffsetDateTime occurredAt,
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String runbookUrl) {

    /** The heading colour for the html variant; a method rather than template logic, so it is type-checked too. */
    public String color() {
        return switch (severity) {
            case CRITICAL -> "#cf222e";
            case WARNING -> "#9a6700";
            case INFO -> "#0969da";
        };
    }

    @TemplateData
    @RegisterForReflection
    public enum Severity {
        CRITICAL, WARNING, INFO
    }
}
