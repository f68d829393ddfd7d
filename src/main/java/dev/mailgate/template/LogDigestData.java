package dev.mailgate.template;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A batch of log lines for a period. */
@TemplateData
@RegisterForReflection
public record LogDigestData(
        @NotBlank @Size(max = 200) String period,
        @NotEmpty @Size(max = 500) List<@NotNull @Valid Entry> entries) {

    @TemplateData
    @RegisterForReflection
    public record Entry(
            @NotNull OffsetDateTime time,
            @NotBlank @Size(max = 20) String level,
            @NotBlank @Size(max = 5_000) String message) {
    }
}
