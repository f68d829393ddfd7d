package dev.mailgate.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mailgate.compose.MessageDraft;
import dev.mailgate.compose.Part;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message's content as the store keeps it: the validated draft (a template already rendered), with attachment and
 * inline bytes moved out to chunked part rows. Composing it again with the stored Message-ID and Date gives the same
 * message, so every attempt, a restart and a manual retry all send the one message the caller was promised.
 */
@RegisterForReflection
public record StoredDraft(String from, List<String> to, List<String> cc, List<String> bcc, List<String> replyTo,
        String subject, String text, String html, Map<String, String> headers, List<PartRef> attachments,
        List<PartRef> inline, long date, String fromName, boolean raw) {

    /** An attachment or inline part; its bytes are in message_part under {@code partNo}. */
    @RegisterForReflection
    public record PartRef(int partNo, String filename, String contentType, String contentId, long size) {
    }

    /** {@code raw}: a message submitted as MIME, kept whole as the first attachment and sent as it is. */
    static StoredDraft of(MessageDraft d, long dateMillis, boolean raw) {
        List<PartRef> attachments = new ArrayList<>();
        List<PartRef> inline = new ArrayList<>();
        int no = 0;
        for (Part p : d.attachments()) {
            attachments.add(new PartRef(no++, p.filename(), p.contentType(), p.contentId(), p.size()));
        }
        for (Part p : d.inline()) {
            inline.add(new PartRef(no++, p.filename(), p.contentType(), p.contentId(), p.size()));
        }
        return new StoredDraft(d.from(), d.to(), d.cc(), d.bcc(), d.replyTo(), d.subject(), d.text(), d.html(),
                d.headers(), attachments, inline, dateMillis, d.fromName(), raw);
    }

    /** The draft again, with each part's content as {@code parts} supplies it (a file, or bytes for small ones). */
    MessageDraft toDraft(java.util.function.Function<PartRef, Part> parts) {
        return new MessageDraft(from, to, cc, bcc, replyTo, subject, text, html,
                attachments.stream().map(parts).toList(), inline.stream().map(parts).toList(), headers, fromName);
    }
}
