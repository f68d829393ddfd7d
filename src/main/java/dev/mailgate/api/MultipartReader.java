package dev.mailgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.Suggestions;
import dev.mailgate.compose.AttachmentHeaders;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;

/**
 * A multipart/form-data request into a {@link MessageDraft}, reading every part, so that a part nobody knows
 * ({@code -F attachments=@x.pdf}, {@code -F file=@x.pdf}) is a 400 naming it rather than a mail sent without it.
 * Text fields may come as files too ({@code -F html=@page.html}); files must be files.
 */
final class MultipartReader {

    static final Set<String> SINGLE = Set.of("from", "fromName", "subject", "text", "html", "sendAt", "suppressed");
    static final Set<String> LISTS = Set.of("to", "cc", "bcc", "replyTo", "header");
    static final Set<String> FILES = Set.of("attachment", "inline");
    private static final List<String> KNOWN = List.of("from", "fromName", "to", "cc", "bcc", "replyTo", "subject", "text", "html",
            "header", "attachment", "inline", "sendAt", "suppressed");
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("attachments", "attachment"),
            Map.entry("file", "attachment"), Map.entry("files", "attachment"), Map.entry("upload", "attachment"),
            Map.entry("image", "inline"), Map.entry("images", "inline"), Map.entry("headers", "header"),
            Map.entry("body", "text"), Map.entry("reply_to", "replyTo"), Map.entry("reply-to", "replyTo"),
            Map.entry("send_at", "sendAt"));
    /** A text field sent as a file is read into memory; anything larger is not a mail body. */
    private static final long MAX_TEXT_FILE = 5L * 1024 * 1024;

    private MultipartReader() {
    }

    static RequestConverter.Converted read(MultipartFormDataInput input, java.time.Duration maxSchedule) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, List<Part>> files = new LinkedHashMap<>();
        for (Map.Entry<String, Collection<FormValue>> entry : input.getValues().entrySet()) {
            String name = entry.getKey();
            Collection<FormValue> values = entry.getValue();
            if (SINGLE.contains(name)) {
                if (values.size() > 1) {
                    errors.add(new FieldError(name, "was sent " + values.size() + " times; send it once"));
                }
                single.put(name, text(name, values.iterator().next(), errors));
            } else if (LISTS.contains(name)) {
                List<String> texts = new ArrayList<>();
                values.forEach(v -> texts.add(text(name, v, errors)));
                lists.put(name, texts);
            } else if (FILES.contains(name)) {
                List<Part> parts = new ArrayList<>();
                int i = 0;
                for (FormValue v : values) {
                    if (v.isFileItem()) {
                        parts.add(part(v, name.equals("inline")));
                    } else {
                        errors.add(new FieldError(name + "[" + i + "]", "must be a file upload (curl: -F " + name
                                + "=@path/to/file)"));
                    }
                    i++;
                }
                files.put(name, parts);
            } else {
                errors.add(new FieldError(name, "is not a known part" + Suggestions.hint(name, KNOWN, ALIASES)
                        + " (known parts: " + String.join(", ", KNOWN) + ")"));
            }
        }
        Map<String, String> headers = headers(lists.getOrDefault("header", List.of()), errors);
        MessageDraft draft = new MessageDraft(single.get("from"), lists.get("to"), lists.get("cc"), lists.get("bcc"),
                lists.get("replyTo"), single.get("subject"), single.get("text"), single.get("html"),
                files.get("attachment"), files.get("inline"), headers, single.get("fromName"));
        java.time.Instant sendAt = SendAt.check(SendAt.parse(single.get("sendAt"), "sendAt", errors), maxSchedule,
                "sendAt", errors);
        return new RequestConverter.Converted(draft, errors, sendAt,
                RequestConverter.skipSuppressed(single.get("suppressed"), errors));
    }

    private static Map<String, String> headers(List<String> raw, List<FieldError> errors) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String h = raw.get(i);
            int colon = h == null ? -1 : h.indexOf(':');
            if (colon <= 0) {
                errors.add(new FieldError("header[" + i + "]", "must look like 'Name: value'"));
            } else {
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** A text part, or a file sent for a text field (read as UTF-8). */
    private static String text(String name, FormValue v, List<FieldError> errors) {
        if (!v.isFileItem()) {
            return v.getValue();
        }
        try {
            if (v.getFileItem().getFileSize() > MAX_TEXT_FILE) {
                errors.add(new FieldError(name, "is a file larger than " + MAX_TEXT_FILE + " bytes"));
                return "";
            }
            try (InputStream in = v.getFileItem().getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Part part(FormValue v, boolean inline) {
        String type = v.getHeaders() == null ? null : v.getHeaders().getFirst("Content-Type");
        if (type != null && type.indexOf(';') >= 0) {
            type = type.substring(0, type.indexOf(';')).trim();
        }
        // Browsers may send a full client-side path; keep only the file name. An inline part's content id is its
        // file name: -F inline=@logo.png is referenced as cid:logo.png.
        String name = AttachmentHeaders.safeBasename(v.getFileName());
        if (v.getFileItem().isInMemory()) {
            try (InputStream in = v.getFileItem().getInputStream()) {
                return new Part(name, type, inline ? name : null, in.readAllBytes(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Part(name, type, inline ? name : null, null, v.getFileItem().getFile().toFile());
    }
}
