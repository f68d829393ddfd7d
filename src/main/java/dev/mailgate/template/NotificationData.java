package dev.mailgate.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user notification: title, message, and an optional call to action. */
@TemplateData
@RegisterForReflection
public record NotificationData(
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 10_000) String message,
        @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String actionUrl,
        @Size(max = 100) String actionLabel) {
}
