package dev.mailgate.template;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A one-time code. */
@TemplateData
@RegisterForReflection
public record VerificationCodeData(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{4,12}", message = "must be 4-12 letters, digits or dashes") String code,
        @Min(1) @Max(1440) int validMinutes,
        @NotBlank @Size(max = 100) String product) {
}
