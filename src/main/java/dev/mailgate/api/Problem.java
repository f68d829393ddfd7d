package dev.mailgate.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.mailgate.binding.FieldError;

/** RFC 9457 problem details, with mailgate's extension members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
@RegisterForReflection
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Schema(description = "Every invalid field, for validation errors.") List<FieldError> errors,
        @Schema(description = "Classified delivery outcome, for upstream failures.") String outcome,
        @Schema(description = "SMTP reply code, when the server answered.") Integer smtpCode,
        @Schema(description = "SMTP reply text, secrets removed.") String smtpReply,
        @Schema(description = "What to do about it.") String hint,
        @Schema(description = "Delivery attempts made, for upstream failures.") Integer attempts,
        @Schema(description = "The message's id, when it got one: GET /api/v1/messages/{id} shows its record.") String id,
        @Schema(description = "The message's status, when it is why the request was refused (409).") String messageStatus,
        @Schema(description = "The SMTP account whose attempt this was, for delivery failures.") String account,
        @Schema(description = "The recipients on the suppression list, for recipient-suppressed.")
        List<SuppressedRecipient> suppressed) {

    /** Without the suppressed recipients, as most problems are. */
    public Problem(String type, String title, int status, String detail, List<FieldError> errors, String outcome,
            Integer smtpCode, String smtpReply, String hint, Integer attempts, String id, String messageStatus,
            String account) {
        this(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id, messageStatus,
                account, null);
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem("urn:mailgate:problem:" + slug, title, status, detail, null, null, null, null, null, null,
                null, null, null);
    }

    Problem withHint(String hint) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }

    Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }

    Problem withId(String id) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }

    Problem withAccount(String account) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }

    Problem withSuppressed(List<SuppressedRecipient> suppressed) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }

    Problem withMessageStatus(String messageStatus) {
        return new Problem(type, title, status, detail, errors, outcome, smtpCode, smtpReply, hint, attempts, id,
                messageStatus, account, suppressed);
    }
}
