package dev.mailgate.api;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.StrictJson;
import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.delivery.Delivered;
import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.DeliveryMetrics;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.SmtpSender;
import dev.mailgate.delivery.TimeBudget;
import dev.mailgate.security.SenderPolicy;
import dev.mailgate.template.TemplateRenderer;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import org.jboss.logging.MDC;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The send API. Answers only once the SMTP server has accepted or refused the message. */
@Path("/api/v1/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private static final Logger LOG = Logger.getLogger(MessageResource.class);

    private final DraftValidator validator;
    private final MailComposer composer;
    private final SenderPolicy senders;
    private final SmtpSender sender;
    private final TemplateRenderer templates;
    private final DeliveryMetrics metrics;
    private final TimeBudget budget;
    private final StrictJson json;

    public MessageResource(DraftValidator validator, MailComposer composer, SenderPolicy senders, SmtpSender sender,
            TemplateRenderer templates, DeliveryMetrics metrics, TimeBudget budget, StrictJson json) {
        this.json = json;
        this.templates = templates;
        this.metrics = metrics;
        this.validator = validator;
        this.composer = composer;
        this.senders = senders;
        this.sender = sender;
        this.budget = budget;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message (JSON, attachments in base64)",
            description = "Returns once the SMTP server accepted the message, with the Message-ID it received.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SendMessageRequest.class), examples = {
                    @ExampleObject(name = "plain text", value = ApiExamples.PLAIN),
                    @ExampleObject(name = "html, attachment and inline image", value = ApiExamples.FULL) }))
    @APIResponse(responseCode = "200", description = "Accepted by the SMTP server", content = @Content(
            schema = @Schema(implementation = MessageResponse.class), examples = @ExampleObject(name = "sent", value = ApiExamples.SENT)))
    @APIResponse(responseCode = "400", description = "Invalid request; every bad field is listed", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "invalid", value = ApiExamples.INVALID)))
    @APIResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The From address is not allowed for this key or provider",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Request larger than quarkus.http.limits.max-body-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Neither JSON nor multipart/form-data",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The SMTP server permanently refused a recipient or the message",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rejected", value = ApiExamples.REJECTED)))
    @APIResponse(responseCode = "429", description = "The provider is rate limiting; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Authentication, sender or configuration failure upstream",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "auth failed", value = ApiExamples.AUTH_FAILED)))
    @APIResponse(responseCode = "503", description = "SMTP server unreachable; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "SMTP server did not answer in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "timeout", value = ApiExamples.TIMEOUT)))
    public Uni<MessageResponse> send(JsonNode body, @HeaderParam("X-Request-Id") String requestId) {
        StrictJson.Bound<SendMessageRequest> request = json.bind(body, SendMessageRequest.class, "");
        return send(RequestConverter.fromJson(request, t -> templates.render(t.name(), t.data(), t.locale())), requestId);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a message (multipart/form-data, files as 'attachment' and 'inline' parts)")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = MultipartForm.class)))
    public Uni<MessageResponse> sendMultipart(MultipartFormDataInput form, @HeaderParam("X-Request-Id") String requestId) {
        return send(MultipartReader.read(form), requestId);
    }

    private Uni<MessageResponse> send(RequestConverter.Converted request, String requestId) {
        long start = System.nanoTime();
        // The MDC lives in the request's Vert.x context, so every log line of this send carries both ids.
        MDC.put("requestId", requestId != null && requestId.matches("[\\x21-\\x7E]{1,100}") ? requestId
                : UUID.randomUUID().toString());
        return Uni.createFrom().item(() -> validator.validate(request.draft(), request.errors()))
                .map(composer::compose)
                .invoke(mail -> MDC.put("messageId", mail.messageId()))
                .invoke(mail -> senders.check(mail.sender()))
                .chain(mail -> deliver(mail, start))
                .map(d -> new MessageResponse(localPart(d.messageId()), d.messageId(), "sent", d.accepted(), d.attempts(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }

    /**
     * The deadline sits inside the outcome recording, so a send it cuts off is counted and logged too. The delivery runs
     * to its end even if the HTTP client hangs up: a half-cancelled send would leave the message's fate unknown to
     * everyone, while a finished one is in the log and the metrics. Memoized so that the caller and the delivery's own
     * subscription share one run (one send), not two.
     */
    private Uni<Delivered> deliver(ComposedMail mail, long start) {
        Duration deadline = budget.deadline(mail);
        Uni<Delivered> delivery = sender.send(mail, java.time.Instant.now().plus(deadline))
                .ifNoItem().after(deadline).failWith(() -> DeliveryException.of(Outcome.TIMEOUT, null, null,
                        "No outcome within the " + deadline.toSeconds() + " s deadline (mailgate.delivery.deadline,"
                                + " plus upload time for large messages). The message may still have been delivered."))
                .onItemOrFailure().invoke((d, f) -> finished(mail, f, start))
                .memoize().indefinitely();
        delivery.subscribe().with(d -> {
        }, f -> {
        });
        return delivery;
    }

    /** One metric and one log line per message; addresses are never logged. */
    private void finished(ComposedMail mail, Throwable failure, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String outcome = outcome(failure);
        metrics.record(outcome, took, mail.attempts().get());
        if (failure == null) {
            LOG.infof("sent to %d recipient(s) in %d attempt(s), %d ms", mail.recipients().size(), mail.attempts().get(),
                    took.toMillis());
        } else {
            LOG.warnf("not sent (%s) after %d attempt(s), %d ms: %s", outcome, mail.attempts().get(), took.toMillis(),
                    failure.getMessage());
        }
    }

    /** The metric label for a final outcome; bounded, never request data. */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "sent";
        }
        if (failure instanceof DeliveryException d) {
            return d.outcome().name().toLowerCase(java.util.Locale.ROOT);
        }
        String simple = failure.getClass().getSimpleName();
        return switch (simple) {
            case "CircuitBreakerOpenException" -> "circuit_open";
            case "RateLimitException" -> "local_rate_limit";
            case "BulkheadException" -> "busy";
            case "QuotaExceededException" -> "daily_quota";
            default -> "error";
        };
    }

    private static String localPart(String messageId) {
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
