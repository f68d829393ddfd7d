package dev.mailgate.api;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.mailer.SentMail;

/**
 * Dev mode only: the mails the mock mailer captured, newest first, so a developer can see what would have been sent.
 * Not built into the production jar at all.
 */
@IfBuildProfile("dev")
@ApplicationScoped
@Path("/dev/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class DevOutboxResource {

    private static final int KEEP = 50;
    private final Deque<Map<String, Object>> captured = new ArrayDeque<>();

    void onSent(@Observes SentMail mail) {
        Map<String, Object> entry = Map.of(
                "capturedAt", Instant.now().toString(),
                "messageId", String.valueOf(mail.headers().getOrDefault("Message-ID", List.of("")).getFirst()),
                "from", String.valueOf(mail.from()),
                "to", mail.to(), "cc", mail.cc(), "bcc", mail.bcc(),
                "subject", String.valueOf(mail.subject()),
                "text", String.valueOf(mail.textBody()),
                "html", String.valueOf(mail.htmlBody()),
                "attachments", mail.attachments().stream().map(a -> String.valueOf(a.contentType())).toList());
        synchronized (captured) {
            captured.addFirst(entry);
            while (captured.size() > KEEP) {
                captured.removeLast();
            }
        }
    }

    @GET
    public List<Map<String, Object>> list() {
        synchronized (captured) {
            return new ArrayList<>(captured);
        }
    }

    @DELETE
    public void clear() {
        synchronized (captured) {
            captured.clear();
        }
    }
}
