package dev.mailgate.api;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import dev.mailgate.security.ApiKeys;

/**
 * The suppression list page: search, add and remove. Like the message log it holds no data and is open; it works
 * through /api/v1/suppressions with the key typed into it.
 */
@Path("/suppressions")
public class SuppressionPageResource {

    private final String page;
    private final String script;

    public SuppressionPageResource(ApiKeys keys) {
        this.page = new String(StaticPages.resource("suppressions/index.html"), StandardCharsets.UTF_8)
                .replace("__AUTH__", Boolean.toString(keys.enabled()));
        this.script = new String(StaticPages.resource("suppressions/app.js"), StandardCharsets.UTF_8);
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public Response page() {
        return StaticPages.secured(Response.ok(page));
    }

    @GET
    @Path("/app.js")
    @Produces("text/javascript;charset=UTF-8")
    public Response script() {
        return StaticPages.secured(Response.ok(script));
    }
}
