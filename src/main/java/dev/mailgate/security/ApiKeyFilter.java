package dev.mailgate.security;

import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards /api/**: a request must present a configured key as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}. Pre-matching, so unknown /api paths are not an oracle for what exists. Health, metrics
 * and OpenAPI under /q stay open.
 */
public class ApiKeyFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    private final ApiKeys keys;
    private final Caller caller;

    public ApiKeyFilter(ApiKeys keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!keys.enabled() || !(path.startsWith("/api/") || path.equals("/api"))) {
            return null;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            return unauthorized("No API key: send Authorization: Bearer <key> or X-API-Key: <key>.");
        }
        Optional<ApiKey> key = keys.authenticate(presented);
        if (key.isEmpty()) {
            // Never log the presented key, not even a prefix: a typo'd key is usually most of a real one.
            LOG.warnf("Rejected a request to %s with an unknown API key", path);
            return unauthorized("The API key is not valid.");
        }
        caller.authenticated(key.get());
        return null;
    }

    static String presentedKey(ContainerRequestContext request) {
        String auth = request.getHeaderString("Authorization");
        if (auth != null && auth.length() > 7 && auth.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return auth.substring(7).trim();
        }
        String header = request.getHeaderString("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }

    private static Response unauthorized(String detail) {
        return Response.status(401).type("application/problem+json").header("WWW-Authenticate", "Bearer")
                .entity(new Unauthorized("urn:mailgate:problem:unauthorized", "Unauthorized", 401, detail)).build();
    }

    /** The problem body; security cannot depend on the api package, which depends on it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Unauthorized(String type, String title, int status, String detail) {
    }
}
