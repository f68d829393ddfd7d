package dev.mailgate.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a multipart/form-data body byte for byte as {@code curl -F} does: UTF-8 field values and filenames written
 * raw, no charset parameters. HTTP client libraries encode differently, and curl is what users run.
 */
public final class CurlForm {

    public static final String BOUNDARY = "------------------------mailgateTestBoundary";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public CurlForm field(String name, String value) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    public CurlForm file(String name, String filename, String contentType, byte[] data) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(data);
        write("\r\n");
        return this;
    }

    public byte[] build() {
        write("--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    public static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
