package dev.mailgate.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem+json for what never reaches a resource: a declared-too-large body is refused before it is read (Quarkus
 * enforces the same limit, but with an empty 413 that clients cannot tell from a proxy's), and a path nothing serves
 * gets a 404 problem instead of a bare page.
 */
@ApplicationScoped
public class HttpProblemRoutes {

    private final long maxBytes;

    public HttpProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                Problem p = Problem.of("payload-too-large", "Payload Too Large", 413,
                        "The request body is larger than " + maxBytes + " bytes (quarkus.http.limits.max-body-size).");
                ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(Json.encode(p));
                return;
            }
            ctx.next();
        });
        router.route().last().handler(ctx -> {
            Problem p = Problem.of("not-found", "Not Found", 404, "No such resource.");
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(p));
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
