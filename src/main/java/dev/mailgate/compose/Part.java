package dev.mailgate.compose;

import java.io.File;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An attachment or inline part. Content is either in memory (decoded JSON base64) or in a file (a multipart upload,
 * which the mailer streams from disk).
 */
@RegisterForReflection
public record Part(
        @NotBlank(message = "is required") @SingleLine @Pattern(regexp = "[^/\\\\]*",
                message = "must be a file name without a path") String filename,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}",
                message = "must be a media type such as application/pdf, without parameters") String contentType,
        @SingleLine @Pattern(regexp = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]{1,200}",
                message = "must be 1-200 characters of letters, digits and !#$%&'*+/=?^_`{|}~.@-") String contentId,
        byte[] data,
        File file) {

    public long size() {
        return data != null ? data.length : file != null ? file.length() : 0;
    }

    public String contentTypeOrDefault() {
        return contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    }
}
