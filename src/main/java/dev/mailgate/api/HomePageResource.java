package dev.mailgate.api;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import dev.mailgate.config.MailMode;
import io.quarkus.runtime.LaunchMode;

/**
 * The landing page at /: links to the gateway's pages, and in dev mode to the dev outbox. Plain HTML without a
 * script, under the pages' Content-Security-Policy.
 */
@Path("/")
public class HomePageResource {

    private final String page;

    public HomePageResource(MailMode mode) {
        String html = new String(StaticPages.resource("home/index.html"), StandardCharsets.UTF_8);
        // The dev outbox exists only where mail is captured instead of sent (dev mode and its tests).
        boolean devOutbox = LaunchMode.current() != LaunchMode.NORMAL && mode.mock();
        this.page = devOutbox ? html : html.replaceAll("(?s)<!--dev-->.*?<!--/dev-->\\n?", "");
    }

    @GET
    @Produces("text/html;charset=UTF-8")
    public Response page() {
        return StaticPages.secured(Response.ok(page));
    }
}
