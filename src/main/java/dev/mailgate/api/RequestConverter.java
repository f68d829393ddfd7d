package dev.mailgate.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;
import dev.mailgate.template.Rendered;
import dev.mailgate.template.TemplateDataException;

/** JSON requests into a {@link MessageDraft}, collecting decoding errors instead of failing on the first. */
final class RequestConverter {

    private RequestConverter() {
    }

    /**
     * {@code sendAt} is null for "now"; its problems are among the errors. {@code skipSuppressed}: send to the other
     * recipients when some are on the suppression list, instead of refusing the message.
     */
    record Converted(MessageDraft draft, List<FieldError> errors, java.time.Instant sendAt, boolean skipSuppressed) {
        Converted(MessageDraft draft, List<FieldError> errors, java.time.Instant sendAt) {
            this(draft, errors, sendAt, false);
        }
    }

    /** The suppressed field or part: refuse (the default) or skip. */
    static boolean skipSuppressed(String value, List<FieldError> errors) {
        if (value == null || value.isBlank() || "refuse".equalsIgnoreCase(value.trim())) {
            return false;
        }
        if ("skip".equalsIgnoreCase(value.trim())) {
            return true;
        }
        errors.add(new FieldError("suppressed", "must be refuse (the default) or skip"));
        return false;
    }

    /**
     * A template, if given, supplies subject (unless one is given), text, html and its inline images. Problems are
     * collected, binding and template ones included, so that the caller hears about every bad field at once.
     */
    static Converted fromJson(StrictJson.Bound<SendMessageRequest> bound,
            Function<SendMessageRequest.TemplateRef, Rendered> templates, java.time.Duration maxSchedule) {
        SendMessageRequest r = bound.value();
        if (r == null) {
            throw new InvalidRequestException(bound.errors().isEmpty()
                    ? List.of(new FieldError("body", "a JSON object is required")) : bound.errors());
        }
        List<FieldError> errors = new ArrayList<>(bound.errors());
        List<Part> attachments = parts("attachments", r.attachments(), errors);
        List<Part> inline = new ArrayList<>(parts("inline", r.inline(), errors));
        String subject = r.subject();
        String text = r.text();
        String html = r.html();
        if (r.template() != null) {
            if (r.text() != null || r.html() != null) {
                errors.add(new FieldError("template", "replaces text and html; send one or the other"));
            }
            try {
                Rendered rendered = templates.apply(r.template());
                subject = subject != null ? subject : rendered.subject();
                text = rendered.text();
                html = rendered.html();
                rendered.inline().forEach(i -> inline.add(new Part(i.filename(), i.contentType(), i.contentId(), i.data(), null)));
            } catch (TemplateDataException e) {
                errors.addAll(e.problems());
                // The request fails on these errors; a placeholder keeps "text or html is required" from joining them.
                text = "(template)";
            }
        }
        java.time.Instant sendAt = SendAt.check(r.sendAt(), maxSchedule, "sendAt", errors);
        MessageDraft draft = new MessageDraft(r.from(), r.to(), r.cc(), r.bcc(), r.replyTo(), subject, text, html,
                attachments, inline, r.headers(), r.fromName());
        return new Converted(draft, errors, sendAt, skipSuppressed(r.suppressed(), errors));
    }

    private static List<Part> parts(String field, List<SendMessageRequest.AttachmentJson> items, List<FieldError> errors) {
        if (items == null) {
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SendMessageRequest.AttachmentJson a = items.get(i);
            if (a == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be null"));
                continue;
            }
            byte[] data = decode(a.content());
            if (data == null) {
                errors.add(new FieldError(field + "[" + i + "].content", "is required and must be valid base64"));
                data = new byte[0];
            }
            parts.add(new Part(a.filename(), a.contentType(), a.contentId(), data, null));
        }
        return parts;
    }

    /** Strict RFC 4648 base64; line breaks and spaces (as in wrapped base64) are ignored, anything else is an error. */
    static byte[] decode(String content) {
        if (content == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                sb.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(sb.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
