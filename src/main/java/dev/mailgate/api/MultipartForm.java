package dev.mailgate.api;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** multipart/form-data body of {@code POST /api/v1/messages}: the JSON fields as form parts, files as file parts. */
public class MultipartForm {
    @RestForm
    public String from;
    @RestForm
    public List<String> to;
    @RestForm
    public List<String> cc;
    @RestForm
    public List<String> bcc;
    @RestForm
    public List<String> replyTo;
    @RestForm
    public String subject;
    @RestForm
    public String text;
    @RestForm
    public String html;
    /** Extra headers, one part each: {@code -F "header=X-Request-Id: 42"}. */
    @RestForm
    public List<String> header;
    @RestForm("attachment")
    public List<FileUpload> attachment;
    @RestForm("inline")
    public List<FileUpload> inline;
}
