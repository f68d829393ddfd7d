package dev.mailgate.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON body of {@code POST /api/v1/messages}. Single addresses may be given as a string instead of an array. */
@Schema(name = "SendMessageRequest", description = "A message to send. At least one of text or html is required.")
public record SendMessageRequest(
        @Schema(description = "Sender; defaults to the configured sender (the SMTP login).", examples = "张三 <bot@qq.com>") String from,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Schema(required = true, examples = "[\"alice@example.com\"]") List<String> to,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cc,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> bcc,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> replyTo,
        @Schema(examples = "构建报告 #42") String subject,
        @Schema(examples = "The build passed.") String text,
        @Schema(examples = "<p>The build <b>passed</b>.</p>") String html,
        List<AttachmentJson> attachments,
        List<AttachmentJson> inline,
        @Schema(description = "Extra headers such as X-Request-Id. Addressing, Subject, Message-ID, Date and Content-* are reserved.")
        Map<String, String> headers,
        @Schema(description = "Without from: the display name to send under, with whichever SMTP account's address"
                + " delivers the message.", examples = "构建机器人") String fromName,
        @Schema(description = "A template (built-in, or your own from a directory or the API) in place of text and"
                + " html; GET /api/v1/templates lists them.")
        TemplateRef template,
        @Schema(description = "Send later: an RFC 3339 date-time with an offset, at most 30 days ahead. Makes the send"
                + " asynchronous (202).", examples = "2026-11-27T08:00:00+08:00") java.time.OffsetDateTime sendAt,
        @Schema(description = "What to do with recipients on the suppression list: refuse (the default: 422, nothing"
                + " is sent) or skip (send to the others; the response lists the skipped ones).",
                enumeration = { "refuse", "skip" }, examples = "skip") String suppressed) {

    @Schema(name = "TemplateRef")
    public record TemplateRef(
            @Schema(required = true, examples = "alert") String name,
            @Schema(description = "Data for the template, checked against its schema.", required = true) JsonNode data,
            @Schema(description = "One of the template's locales: zh-CN (the default) or en for the built-in ones.",
                    examples = "en") String locale) {
    }

    @Schema(name = "Attachment")
    public record AttachmentJson(
            @Schema(required = true, examples = "报告.pdf") String filename,
            @Schema(examples = "application/pdf") String contentType,
            @Schema(description = "Base64 (RFC 4648); line breaks are allowed.", required = true) String content,
            @Schema(description = "Required for inline parts; referenced from html as cid:<contentId>.", examples = "logo") String contentId) {
    }
}
