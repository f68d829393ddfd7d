package dev.mailgate.delivery;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.InMemoryAttachment;
import dev.mailgate.smtp.Handoff;
import dev.mailgate.smtp.NothingSentException;
import dev.mailgate.smtp.NotStartedException;
import dev.mailgate.smtp.SmtpAttempt;
import dev.mailgate.smtp.SmtpClient;
import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.file.AsyncFile;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import io.vertx.mutiny.core.Vertx;

/**
 * One SMTP attempt. In production the message is encoded by the Vert.x mail encoder and sent by mailgate's own
 * {@link SmtpClient}, which writes it in a few large writes, streams file attachments from disk (a 25 MB upload fits
 * a 128 MB heap), and knows whether the final dot went out. In mock mode (dev and tests) it goes through the
 * {@link ReactiveMailer}, which captures the mail instead of sending it.
 * <p>
 * There is no timeout below this, so every attempt is bounded here. Giving up closes the connection: before the final
 * dot that cancels the transaction for real, so a retry cannot make a duplicate.
 */
public class MailTransport {

    /** The encoder's settings are the defaults; one shared instance, as building one (TLS options and all) is costly. */
    private static final MailConfig ENCODER = new MailConfig();
    /** The encoder's host name only goes into ids it generates; mailgate sets the Message-ID itself. */
    private static final String ENCODER_HOST = "mailgate";

    /** In-memory parts larger than this are streamed too (see BytesReadStream). */
    private static final int STREAM_ABOVE = 256 * 1024;

    private final ReactiveMailer mailer;
    private final SmtpClient client;
    private final Vertx vertx;
    private final boolean mock;

    /** One account's transport; {@code client} is absent in mock mode. */
    MailTransport(ReactiveMailer mailer, java.util.Optional<SmtpClient> client, Vertx vertx) {
        this.mailer = mailer;
        this.client = client.orElse(null);
        this.vertx = vertx;
        this.mock = client.isEmpty();
    }

    /**
     * A fresh, lazy attempt. Fails with {@link NothingSentException} when nothing can have been delivered, and with a
     * {@link DeliveryException} of {@link Outcome#TIMEOUT} when the bound passed after the final dot.
     */
    public Uni<Void> send(ComposedMail composed, Duration timeout, boolean reuseOpenConnection, Handoff handoff) {
        if (mock) {
            // No final dot to wait for: the handoff is asked before the capture, which is the delivery here.
            if (!handoff.mayStart()) {
                return Uni.createFrom().failure(new NotStartedException());
            }
            return Uni.createFrom().completionStage(handoff::begin)
                    .chain(agreed -> agreed ? mailer.send(composed.mail())
                            : Uni.createFrom().failure(new NothingSentException(new dev.mailgate.smtp.ClaimLostException())))
                    .ifNoItem().after(timeout).failWith(() -> timedOut(timeout));
        }
        return Uni.createFrom().deferred(() -> {
            SmtpAttempt attempt = new SmtpAttempt(reuseOpenConnection, handoff);
            List<AsyncFile> files = new ArrayList<>();
            Uni<Void> send = composed.raw() != null
                    ? client.sendRaw(composed.sender(), composed.recipients(), composed.raw().bytes(), attempt)
                    : prepare(composed, files).chain(m -> client.send(composed.sender(), composed.recipients(),
                            new MailEncoder(m, ENCODER_HOST, ENCODER).encodeMail(), attempt));
            return send
                    .ifNoItem().after(timeout).failWith(() -> {
                        boolean queued = attempt.queued();
                        if (!attempt.abort()) {
                            return timedOut(timeout);
                        }
                        // Waiting for one of mailgate's own connections is congestion here, not an outage there.
                        return queued ? new PoolBusyException(timeout)
                                : new NothingSentException(new IllegalStateException("no reply from the SMTP server"
                                        + " within " + timeout.toMillis() + " ms, so mailgate gave up before the end of"
                                        + " the message. Nothing was sent."));
                    })
                    .onCancellation().invoke(attempt::abort)
                    .onTermination().invoke(() -> files.forEach(f -> f.close().onFailure(ignored -> {
                    })));
        });
    }

    private static DeliveryException timedOut(Duration timeout) {
        return DeliveryException.of(Outcome.TIMEOUT, null, null, "The SMTP server did not confirm the message within "
                + timeout.toMillis() + " ms of the attempt. The message may still have been delivered.");
    }

    /**
     * Mirrors the Quarkus mailer's conversion, minus its byte-by-byte copies and whole-file reads. The encoder lets
     * given headers replace its own, which is how mailgate's address, Subject and Date fields get in.
     */
    private Uni<MailMessage> prepare(ComposedMail composed, List<AsyncFile> files) {
        Mail mail = composed.mail();
        MailMessage message = new MailMessage();
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
        composed.headers().forEach(f -> headers.set(f.name(), f.value()));
        message.setHeaders(headers);

        List<MailAttachment> attachments = new ArrayList<>();
        List<MailAttachment> inline = new ArrayList<>();
        List<Uni<Void>> loads = new ArrayList<>();
        for (Attachment a : mail.getAttachments()) {
            MailAttachment part = MailAttachment.create().setName(a.getName()).setContentId(a.getContentId())
                    .setDescription(a.getDescription()).setDisposition(a.getDisposition())
                    .setContentType(a.getContentType());
            (a.isInlineAttachment() ? inline : attachments).add(part);
            loads.add(content(a, part, files));
        }
        message.setAttachment(attachments);
        message.setInlineAttachment(inline);
        Uni<Void> loaded = loads.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(loads).andFailFast().replaceWithVoid();
        // A file opened for an attempt that fails before it is sent must still be closed.
        return loaded.replaceWith(message);
    }

    private Uni<Void> content(Attachment a, MailAttachment part, List<AsyncFile> files) {
        if (a instanceof InMemoryAttachment bytes) {
            byte[] data = bytes.bytes();
            if (data.length > STREAM_ABOVE) {
                part.setStream(new BytesReadStream(data, vertx.getDelegate().getOrCreateContext())).setSize(data.length);
            } else {
                part.setData(Buffer.buffer(data));
            }
            return Uni.createFrom().voidItem();
        }
        File file = a.getFile();
        if (file != null) {
            // Streamed: Vert.x base64-encodes it in 57-byte steps as the socket drains, so memory stays flat.
            return vertx.fileSystem().open(file.getAbsolutePath(), new OpenOptions().setRead(true))
                    .invoke(f -> {
                        files.add(f.getDelegate());
                        part.setStream(f.getDelegate()).setSize((int) Math.min(Integer.MAX_VALUE, file.length()));
                    })
                    .replaceWithVoid();
        }
        Flow.Publisher<Byte> data = a.getData();
        return Multi.createFrom().publisher(data).collect().in(Buffer::buffer, Buffer::appendByte)
                .invoke(part::setData).replaceWithVoid();
    }
}
