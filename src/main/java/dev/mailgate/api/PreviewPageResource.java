package dev.mailgate.api;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import dev.mailgate.security.ApiKeys;
import dev.mailgate.template.TemplateRenderer;

/**
 * The template preview page: plain HTML and JS, no build chain. The page itself holds no data, so it is open; its
 * calls go to /api/v1/templates and need a key like any other API call (the page shows a key field when auth is on).
 */
@Path("/templates")
public class PreviewPageResource {

    static final String CSP = StaticPages.CSP;

    private final String page;
    private final String script;
    private final byte[] logo;

    public PreviewPageResource(ApiKeys keys, TemplateRenderer templates) {
        this.page = new String(resource("preview/index.html"), StandardCharsets.UTF_8)
                .replace("__AUTH__", Boolean.toString(keys.enabled()));
        this.script = new String(resource("preview/app.js"), StandardCharsets.UTF_8);
        this.logo = templates.logo();
    }

    @GET
    @Path("/logo.png")
    @Produces("image/png")
    public Response logo() {
        return secured(Response.ok(logo));
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public Response page() {
        return secured(Response.ok(page));
    }

    @GET
    @Path("/app.js")
    @Produces("text/javascript;charset=UTF-8")
    public Response script() {
        return secured(Response.ok(script));
    }

    private static Response secured(Response.ResponseBuilder rb) {
        return StaticPages.secured(rb);
    }

    private static byte[] resource(String path) {
        return StaticPages.resource(path);
    }
}
