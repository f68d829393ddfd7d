package dev.mailgate.api;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.mailgate.compose.AttachmentHeaders;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.SentMail;

/**
 * Dev mode only: the mails the mock mailer captured, newest first, so a developer can see what would have been sent:
 * addresses, the custom headers, and each attachment and inline image by file name. Built for dev (and its tests),
 * never into the production jar.
 */
@IfBuildProfile(anyOf = { "dev", "test" })
@ApplicationScoped
@Path("/dev/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class DevOutboxResource {

    private static final int KEEP = 50;
    private final Deque<Captured> captured = new ArrayDeque<>();

    /** One captured mail. {@code headers} are the caller's own; mailgate's (Message-ID) are fields of their own. */
    public record Captured(Instant capturedAt, String messageId, String from, List<String> to, List<String> cc,
            List<String> bcc, String replyTo, String subject, String text, String html, Map<String, List<String>> headers,
            List<File> attachments, List<File> inline) {
    }

    /** An attachment (by file name) or an inline image (by content id too). */
    public record File(String filename, String contentType, String contentId) {
    }

    void onSent(@Observes SentMail mail) {
        List<String> ids = mail.headers().getOrDefault("Message-ID", List.of());
        Map<String, List<String>> headers = new TreeMap<>(mail.headers());
        headers.remove("Message-ID");
        List<File> attachments = new ArrayList<>();
        List<File> inline = new ArrayList<>();
        for (SentMail.SentAttachment a : mail.attachments()) {
            String type = a.contentType() == null ? "application/octet-stream" : a.contentType().split(";")[0].trim();
            if (Attachment.DISPOSITION_INLINE.equals(a.disposition())) {
                String cid = a.contentId() == null ? null : a.contentId().replaceAll("^<|>$", "");
                inline.add(new File(a.name(), type, cid));
            } else {
                attachments.add(new File(AttachmentHeaders.filenameOf(a.disposition()), type, null));
            }
        }
        Captured entry = new Captured(Instant.now(), ids.isEmpty() ? null : ids.getFirst(), mail.from(), mail.to(),
                mail.cc(), mail.bcc(), mail.replyTo(), mail.subject(), mail.textBody(), mail.htmlBody(), headers,
                attachments, inline);
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
