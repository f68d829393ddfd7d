package dev.mailgate.api;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import dev.mailgate.security.ApiKeys;

/**
 * The message log page: recent messages, one message's attempts, events and webhook deliveries, and cancel and retry
 * buttons. The page holds no data, so it is open; it reads and changes messages through /api/v1/messages with the key
 * typed into it (when auth is on), so a key sees exactly what the API shows it: its own messages.
 */
@Path("/messages")
public class MessageLogPageResource {

    private final String page;
    private final String script;

    public MessageLogPageResource(ApiKeys keys) {
        this.page = new String(StaticPages.resource("log/index.html"), StandardCharsets.UTF_8)
                .replace("__AUTH__", Boolean.toString(keys.enabled()));
        this.script = new String(StaticPages.resource("log/app.js"), StandardCharsets.UTF_8);
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
