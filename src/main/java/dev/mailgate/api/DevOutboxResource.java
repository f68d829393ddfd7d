package dev.mailgate.api;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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
    private final Deque<Captured> captured = new ArrayDeque<>();

    /** One captured mail; attachments are listed by media type. */
    public record Captured(Instant capturedAt, String messageId, String from, List<String> to, List<String> cc,
            List<String> bcc, String subject, String text, String html, List<String> attachments) {
    }

    void onSent(@Observes SentMail mail) {
        List<String> ids = mail.headers().getOrDefault("Message-ID", List.of());
        Captured entry = new Captured(Instant.now(), ids.isEmpty() ? null : ids.getFirst(), mail.from(), mail.to(),
                mail.cc(), mail.bcc(), mail.subject(), mail.textBody(), mail.htmlBody(),
                mail.attachments().stream().map(a -> a.contentType() == null ? "application/octet-stream"
                        : a.contentType().split(";")[0].trim()).toList());
        synchronized (captured) {
            captured.addFirst(entry);
            while (captured.size() > KEEP) {
                captured.removeLast();
            }
        }
    }

    @GET
    public List<Captured> list() {
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
