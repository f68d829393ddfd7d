package dev.mailgate.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The parts of a multipart/form-data send, for the API document only: {@link MultipartReader} reads the request,
 * part by part, so that it can refuse parts it does not know.
 */
@Schema(name = "MultipartSendRequest", description = "The JSON fields as form parts; files as attachment and inline parts.")
public class MultipartForm {
    public String from;
    @Schema(required = true, description = "Repeat the part for more recipients.")
    public List<String> to;
    public List<String> cc;
    public List<String> bcc;
    public List<String> replyTo;
    public String subject;
    public String text;
    public String html;
    @Schema(description = "Extra headers, one part each: -F \"header=X-Request-Id: 42\".")
    public List<String> header;
    @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = String.class,
            format = "binary", description = "Files to attach; repeat the part for more.")
    public List<String> attachment;
    @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = String.class,
            format = "binary", description = "Inline images, referenced from html as cid:<filename>.")
    public List<String> inline;
}
