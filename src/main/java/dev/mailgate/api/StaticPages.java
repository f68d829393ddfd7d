package dev.mailgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.core.Response;

/**
 * What the built-in pages (template preview, message log) share: plain HTML and JS from the classpath, served under a
 * policy that allows only same-origin scripts and requests, so no inline script, and nothing user-supplied can run.
 */
final class StaticPages {

    /** Only same-origin scripts and requests; the preview's rendered mail sits in a sandboxed srcdoc iframe. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private StaticPages() {
    }

    static Response secured(Response.ResponseBuilder rb) {
        return rb.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache").build();
    }

    static byte[] resource(String path) {
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
