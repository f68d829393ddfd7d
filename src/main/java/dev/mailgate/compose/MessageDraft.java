package dev.mailgate.compose;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message as the API received it, before MIME. JSON and multipart requests both become one of these, so both are
 * validated by the same constraints and composed by the same code.
 */
@ConsistentDraft
@RegisterForReflection
public record MessageDraft(
        @Mailbox String from,
        @NotEmpty(message = "at least one recipient is required") List<@NotNull @Mailbox String> to,
        List<@NotNull @Mailbox String> cc,
        List<@NotNull @Mailbox String> bcc,
        List<@NotNull @Mailbox String> replyTo,
        @SingleLine @Size(max = 998, message = "must be at most 998 characters") String subject,
        String text,
        String html,
        List<@NotNull @Valid Part> attachments,
        List<@NotNull @Valid Part> inline,
        Map<@NotNull @HeaderName String, @NotNull @SingleLine @Pattern(regexp = "[\\x20-\\x7E\\t]{0,900}",
                message = "must be at most 900 printable ASCII characters (Vert.x writes header values as they are)")
                String> headers,
        @SingleLine @Size(max = 200, message = "must be at most 200 characters") String fromName) {

    /** Without a display name for the account's address. */
    public MessageDraft(String from, List<String> to, List<String> cc, List<String> bcc, List<String> replyTo,
            String subject, String text, String html, List<Part> attachments, List<Part> inline,
            Map<String, String> headers) {
        this(from, to, cc, bcc, replyTo, subject, text, html, attachments, inline, headers, null);
    }

    public MessageDraft {
        cc = cc == null ? List.of() : cc;
        bcc = bcc == null ? List.of() : bcc;
        replyTo = replyTo == null ? List.of() : replyTo;
        attachments = attachments == null ? List.of() : attachments;
        inline = inline == null ? List.of() : inline;
        headers = headers == null ? Map.of() : headers;
        to = to == null ? List.of() : to;
    }
}
