package dev.mailgate.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.mailgate.compose.AttachmentHeaders;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;
import dev.mailgate.template.Rendered;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** JSON and multipart requests into one {@link MessageDraft}, collecting decoding errors instead of failing on the first. */
final class RequestConverter {

    private RequestConverter() {
    }

    record Converted(MessageDraft draft, List<FieldError> errors) {
    }

    /** A template, if given, supplies subject (unless one is given), text, html and its inline images. */
    static Converted fromJson(SendMessageRequest r, Function<SendMessageRequest.TemplateRef, Rendered> templates) {
        if (r == null) {
            throw new InvalidRequestException("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        List<Part> attachments = parts("attachments", r.attachments(), errors);
        List<Part> inline = new ArrayList<>(parts("inline", r.inline(), errors));
        String subject = r.subject();
        String text = r.text();
        String html = r.html();
        if (r.template() != null) {
            if (r.text() != null || r.html() != null) {
                throw new InvalidRequestException("template", "replaces text and html; send one or the other");
            }
            Rendered rendered = templates.apply(r.template());
            subject = subject != null ? subject : rendered.subject();
            text = rendered.text();
            html = rendered.html();
            rendered.inline().forEach(i -> inline.add(new Part(i.filename(), i.contentType(), i.contentId(), i.data(), null)));
        }
        MessageDraft draft = new MessageDraft(r.from(), r.to(), r.cc(), r.bcc(), r.replyTo(), subject, text, html,
                attachments, inline, r.headers());
        return new Converted(draft, errors);
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

    static Converted fromMultipart(MultipartForm form) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        List<String> rawHeaders = form.header == null ? List.of() : form.header;
        for (int i = 0; i < rawHeaders.size(); i++) {
            String h = rawHeaders.get(i);
            int colon = h.indexOf(':');
            if (colon <= 0) {
                errors.add(new FieldError("header[" + i + "]", "must look like 'Name: value'"));
            } else {
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        List<Part> attachments = form.attachment == null ? List.of()
                : form.attachment.stream().map(f -> part(f, false)).toList();
        // An inline part's content id is its filename: -F inline=@logo.png is referenced as cid:logo.png.
        List<Part> inline = form.inline == null ? List.of()
                : form.inline.stream().map(f -> part(f, true)).toList();
        MessageDraft draft = new MessageDraft(form.from, form.to, form.cc, form.bcc, form.replyTo, form.subject,
                form.text, form.html, attachments, inline, headers);
        return new Converted(draft, errors);
    }

    private static Part part(FileUpload f, boolean inline) {
        String type = f.contentType();
        if (type != null && type.indexOf(';') >= 0) {
            type = type.substring(0, type.indexOf(';')).trim();
        }
        // Browsers may send a full client-side path; keep only the file name.
        String name = AttachmentHeaders.safeBasename(f.fileName());
        return new Part(name, type, inline ? name : null, null, f.uploadedFile().toFile());
    }
}
