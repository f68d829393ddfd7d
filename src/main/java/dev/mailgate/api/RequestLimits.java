package dev.mailgate.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.binding.FieldError;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;
import dev.mailgate.config.MailgateConfig;

/**
 * The configurable limits (mailgate.limits.*). Counts and lengths are 400s naming the field; sizes are 413s, like a
 * request over the HTTP body limit.
 */
@ApplicationScoped
public class RequestLimits {

    private final MailgateConfig.Limits limits;

    public RequestLimits(MailgateConfig config) {
        this.limits = config.limits();
    }

    void check(MessageDraft d) {
        List<FieldError> errors = new ArrayList<>();
        int recipients = d.to().size() + d.cc().size() + d.bcc().size();
        if (recipients > limits.maxRecipients()) {
            errors.add(new FieldError("to", "to, cc and bcc together have " + recipients + " recipients; at most "
                    + limits.maxRecipients() + " are allowed (mailgate.limits.max-recipients)"));
        }
        if (d.subject() != null && d.subject().codePointCount(0, d.subject().length()) > limits.maxSubjectLength()) {
            errors.add(new FieldError("subject", "must be at most " + limits.maxSubjectLength()
                    + " characters (mailgate.limits.max-subject-length)"));
        }
        int parts = d.attachments().size() + d.inline().size();
        if (parts > limits.maxAttachments()) {
            errors.add(new FieldError("attachments", parts + " attachments and inline parts; at most "
                    + limits.maxAttachments() + " are allowed (mailgate.limits.max-attachments)"));
        }
        limits.attachmentTypes().ifPresent(allowed -> {
            checkTypes("attachments", d.attachments(), allowed, errors);
            checkTypes("inline", d.inline(), allowed, errors);
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        long body = utf8(d.text()) + utf8(d.html());
        if (body > limits.maxBodySize().asLongValue()) {
            throw new PayloadTooLargeException("text and html together are " + body + " bytes; at most "
                    + limits.maxBodySize().asLongValue() + " are allowed (mailgate.limits.max-body-size).");
        }
        long total = Stream.concat(d.attachments().stream(), d.inline().stream()).mapToLong(Part::size).sum();
        if (total > limits.maxAttachmentsSize().asLongValue()) {
            throw new PayloadTooLargeException("attachments and inline parts together are " + total
                    + " bytes; at most " + limits.maxAttachmentsSize().asLongValue()
                    + " are allowed (mailgate.limits.max-attachments-size).");
        }
    }

    private static void checkTypes(String field, List<Part> parts, List<String> allowed, List<FieldError> errors) {
        for (int i = 0; i < parts.size(); i++) {
            String type = parts.get(i).contentTypeOrDefault().toLowerCase(Locale.ROOT);
            boolean ok = allowed.stream().map(a -> a.trim().toLowerCase(Locale.ROOT))
                    .anyMatch(a -> a.endsWith("/*") ? type.startsWith(a.substring(0, a.length() - 1)) : type.equals(a));
            if (!ok) {
                errors.add(new FieldError(field + "[" + i + "].contentType", type
                        + " is not an allowed attachment type (mailgate.limits.attachment-types)"));
            }
        }
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
