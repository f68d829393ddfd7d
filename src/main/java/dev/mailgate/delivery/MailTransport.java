package dev.mailgate.delivery;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.InMemoryAttachment;
import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

/**
 * One SMTP attempt. In production it drives the Vert.x mail client that the Quarkus mailer configured (same pool,
 * TLS and login settings) with a message built here, for two reasons the Quarkus {@code Mail} conversion cannot
 * serve: file attachments are streamed from disk instead of loaded whole (a 25 MB upload fits a 128 MB heap), and
 * the attempt can tell whether its transaction began ({@link AttemptMessage}). In mock mode (dev and tests) it goes
 * through the {@link ReactiveMailer}, which captures the mail instead of sending it.
 * <p>
 * The client has no timeout of its own, so every attempt is bounded here.
 */
@ApplicationScoped
public class MailTransport {

    private final ReactiveMailer mailer;
    private final MailClient client;
    private final Vertx vertx;
    private final boolean mock;

    public MailTransport(ReactiveMailer mailer, MailClient client, Vertx vertx,
            @ConfigProperty(name = "quarkus.mailer.mock") Optional<Boolean> mock) {
        this.mailer = mailer;
        this.client = client;
        this.vertx = vertx;
        // The Quarkus mailer's own default: mock in dev and test mode.
        this.mock = mock.orElse(LaunchMode.current().isDevOrTest());
    }

    /**
     * A fresh, lazy attempt. Fails with {@link NothingSentException} when nothing reached the server, and with a
     * {@link DeliveryException} of {@link Outcome#TIMEOUT} when the bound passed during the transaction.
     */
    public Uni<Void> send(ComposedMail composed, Duration timeout) {
        if (mock) {
            return mailer.send(composed.mail()).ifNoItem().after(timeout).failWith(() -> timedOut(timeout));
        }
        return Uni.createFrom().deferred(() -> {
            AttemptMessage message = new AttemptMessage();
            return prepare(composed.mail(), message)
                    .chain(m -> client.sendMail(m))
                    .ifNoItem().after(timeout).failWith(() -> message.abandon()
                            ? new NothingSentException(new IllegalStateException("no SMTP session within "
                                    + timeout.toMillis() + " ms. Nothing was sent."))
                            : timedOut(timeout))
                    .onFailure(f -> !(f instanceof DeliveryException) && !message.started())
                    .transform(f -> f instanceof NothingSentException ? f : new NothingSentException(f))
                    .onCancellation().invoke(message::abandon)
                    .onTermination().invoke(message::closeFiles)
                    .replaceWithVoid();
        });
    }

    private static DeliveryException timedOut(Duration timeout) {
        return DeliveryException.of(Outcome.TIMEOUT, null, null, "The SMTP server did not complete the transaction"
                + " within " + timeout.toMillis() + " ms. The message may still have been delivered.");
    }

    /** Mirrors the Quarkus mailer's conversion, minus its byte-by-byte copies and whole-file reads. */
    private Uni<AttemptMessage> prepare(Mail mail, AttemptMessage message) {
        message.setBounceAddress(mail.getBounceAddress());
        message.setFrom(mail.getFrom());
        message.setTo(mail.getTo());
        message.setCc(mail.getCc());
        message.setBcc(mail.getBcc());
        message.setSubject(mail.getSubject());
        message.setText(mail.getText());
        message.setHtml(mail.getHtml());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        mail.getHeaders().forEach(headers::add);
        if (mail.getReplyTo() != null) {
            headers.add("Reply-To", mail.getReplyTo());
        }
        message.setHeaders(headers);

        List<MailAttachment> attachments = new ArrayList<>();
        List<MailAttachment> inline = new ArrayList<>();
        List<Uni<Void>> loads = new ArrayList<>();
        for (Attachment a : mail.getAttachments()) {
            MailAttachment part = MailAttachment.create().setName(a.getName()).setContentId(a.getContentId())
                    .setDescription(a.getDescription()).setDisposition(a.getDisposition())
                    .setContentType(a.getContentType());
            (a.isInlineAttachment() ? inline : attachments).add(part);
            loads.add(content(a, part, message));
        }
        message.setAttachment(attachments);
        message.setInlineAttachment(inline);
        Uni<Void> loaded = loads.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(loads).andFailFast().replaceWithVoid();
        // A file opened for an attempt that fails before it is sent must still be closed.
        return loaded.onFailure().invoke(message::closeFiles).replaceWith(message::ready);
    }

    private Uni<Void> content(Attachment a, MailAttachment part, AttemptMessage message) {
        if (a instanceof InMemoryAttachment bytes) {
            part.setData(Buffer.buffer(bytes.bytes()));
            return Uni.createFrom().voidItem();
        }
        File file = a.getFile();
        if (file != null) {
            // Streamed: Vert.x base64-encodes it in 57-byte steps as the socket drains, so memory stays flat.
            return vertx.fileSystem().open(file.getAbsolutePath(), new OpenOptions().setRead(true))
                    .invoke(f -> {
                        message.track(f.getDelegate());
                        part.setStream(f.getDelegate()).setSize((int) Math.min(Integer.MAX_VALUE, file.length()));
                    })
                    .replaceWithVoid();
        }
        Flow.Publisher<Byte> data = a.getData();
        return Multi.createFrom().publisher(data).collect().in(Buffer::buffer, Buffer::appendByte)
                .invoke(part::setData).replaceWithVoid();
    }
}
