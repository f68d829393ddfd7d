package dev.mailgate.template;

import java.util.List;

/** A rendered template: subject, both bodies and the inline images the html refers to. */
public record Rendered(String subject, String html, String text, List<InlineImage> inline) {

    public record InlineImage(String contentId, String filename, String contentType, byte[] data) {
    }
}
