package dev.mailgate.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailgate.config.MailgateConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem+json for what never reaches a resource: a request target that is not a valid URI, and a declared-too-large
 * body, refused before it is read (Quarkus
 * enforces the same limit, but with an empty 413 that clients cannot tell from a proxy's), and a path nothing serves
 * gets a 404 problem instead of a bare page.
 */
@ApplicationScoped
public class HttpProblemRoutes {

    private final long maxBytes;
    private final long maxJsonBytes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max,
            MailgateConfig config) {
        this.maxBytes = max.asLongValue();
        this.maxJsonBytes = Math.min(maxBytes, config.limits().maxJsonSize().asLongValue());
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            // Quarkus' own check, taken over (UriValidationHandover) so that the refusal can say what to do.
            if (!validTarget(ctx.request().uri())) {
                refuse(ctx, Problem.of("invalid-request-target", "Invalid request target", 400,
                        "The request's path or query has characters that must be percent-encoded (such as < > \""
                                + " space { }), so it was not read.")
                        .withHint("Encode query values, for example with curl -G localhost:8080/api/v1/messages"
                                + " --data-urlencode 'messageId=<id@example.com>'."));
                return;
            }
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && longerThan(length, maxBytes)) {
                refuse(ctx, Problem.of("payload-too-large", "Payload Too Large", 413,
                        "The request body is larger than " + maxBytes + " bytes (quarkus.http.limits.max-body-size)."));
                return;
            }
            String type = ctx.request().getHeader("Content-Type");
            if (length != null && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
                    && longerThan(length, maxJsonBytes)) {
                refuse(ctx, Problem.of("payload-too-large", "Payload Too Large", 413,
                        "A JSON request may be at most " + maxJsonBytes + " bytes (mailgate.limits.max-json-size):"
                                + " base64 attachments in JSON are parsed in memory.")
                        .withHint("Send large files as multipart/form-data, which mailgate streams from disk."));
                return;
            }
            ctx.next();
        });
        router.route().last().handler(ctx -> {
            Problem p = Problem.of("not-found", "Not Found", 404, "No such resource.");
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(p));
        });
    }

    /** Answers before the body is read, and closes the connection so the client stops sending it. */
    private static void refuse(io.vertx.ext.web.RoutingContext ctx, Problem p) {
        ctx.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(Json.encode(p));
    }

    static boolean validTarget(String uri) {
        try {
            new java.net.URI(uri);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean longerThan(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
