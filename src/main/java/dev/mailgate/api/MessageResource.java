package dev.mailgate.api;

import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.mailgate.compose.MailComposer;
import dev.mailgate.delivery.SmtpSender;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The send API. Answers only once the SMTP server has accepted or refused the message. */
@Path("/api/v1/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final DraftValidator validator;
    private final MailComposer composer;
    private final SmtpSender sender;

    public MessageResource(DraftValidator validator, MailComposer composer, SmtpSender sender) {
        this.validator = validator;
        this.composer = composer;
        this.sender = sender;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message (JSON, attachments in base64)")
    public Uni<MessageResponse> send(SendMessageRequest request) {
        return send(RequestConverter.fromJson(request));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a message (multipart/form-data, files as 'attachment' and 'inline' parts)")
    public Uni<MessageResponse> sendMultipart(@BeanParam MultipartForm form) {
        return send(RequestConverter.fromMultipart(form));
    }

    private Uni<MessageResponse> send(RequestConverter.Converted request) {
        long start = System.nanoTime();
        return Uni.createFrom().item(() -> validator.validate(request.draft(), request.errors()))
                .map(composer::compose)
                .chain(sender::send)
                .map(d -> new MessageResponse(localPart(d.messageId()), d.messageId(), "sent", d.accepted(), d.attempts(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }

    private static String localPart(String messageId) {
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
