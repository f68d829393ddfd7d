package dev.mailgate.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.MessageStore;
import dev.mailgate.outbox.RecipientResults;
import dev.mailgate.outbox.StoredMessage;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.Caller;
import dev.mailgate.template.TemplateRenderer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import org.jboss.logging.MDC;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The send API, and the list of sent and queued messages. A send answers once the SMTP server accepted or refused the
 * message, or, asked to ({@code Prefer: respond-async}, or a {@code sendAt}), as soon as it is stored.
 */
@Path("/api/v1/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final SendFlow flow;
    private final TemplateRenderer templates;
    private final StrictJson json;
    private final Caller caller;
    private final MessageStore store;
    private final Duration maxSchedule;
    private final boolean acceptAsync;
    private final Idempotency idempotency;
    private final RecipientResults results;

    public MessageResource(SendFlow flow, TemplateRenderer templates, StrictJson json, Caller caller,
            MessageStore store, MailgateConfig config, Idempotency idempotency, RecipientResults results) {
        this.idempotency = idempotency;
        this.results = results;
        this.flow = flow;
        this.templates = templates;
        this.json = json;
        this.caller = caller;
        this.store = store;
        this.maxSchedule = config.outbox().maxSchedule();
        this.acceptAsync = config.outbox().acceptAsync();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message (JSON, attachments in base64)",
            description = "Returns once the SMTP server accepted the message, with the Message-ID it received. With"
                    + " Prefer: respond-async, or with sendAt, stores it and answers 202 at once.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SendMessageRequest.class), examples = {
                    @ExampleObject(name = "plain text", value = ApiExamples.PLAIN),
                    @ExampleObject(name = "html, attachment and inline image", value = ApiExamples.FULL) }))
    @APIResponse(responseCode = "200", description = "Accepted by the SMTP server. A retry with the same"
            + " Idempotency-Key gets this same answer with Idempotent-Replayed: true, and sends nothing.", content = @Content(
            schema = @Schema(implementation = MessageResponse.class), examples = {
                    @ExampleObject(name = "sent", value = ApiExamples.SENT),
                    @ExampleObject(name = "replayed after a timeout", value = ApiExamples.SENT, description = "The"
                            + " client timed out and sent the same request with the same Idempotency-Key: the first"
                            + " send's answer, byte for byte, with the header Idempotent-Replayed: true.") }))
    @APIResponse(responseCode = "202", description = "Stored for asynchronous or scheduled delivery", content = @Content(
            schema = @Schema(implementation = AcceptedResponse.class), examples = @ExampleObject(name = "queued",
                    value = ApiExamples.ACCEPTED)))
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
    @APIResponse(responseCode = "422", description = "The SMTP server permanently refused a recipient or the message;"
            + " or the Idempotency-Key was first used with a different request; or a recipient is on the suppression"
            + " list (nothing was sent or stored)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "rejected", value = ApiExamples.REJECTED),
                            @ExampleObject(name = "idempotency mismatch", value = ApiExamples.IDEMPOTENCY_MISMATCH),
                            @ExampleObject(name = "recipient suppressed", value = SuppressionExamples.SUPPRESSED) }))
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
    @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY, schema = @Schema(
            type = SchemaType.STRING, maxLength = 255), example = "0f9c2a4e-6d1b-4c47-9a55-3f1f1b7c2d11")
    @APIResponse(responseCode = "409", description = "The first request with this Idempotency-Key is still in flight;"
            + " see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(
                    implementation = Problem.class), examples = @ExampleObject(name = "in flight",
                            value = ApiExamples.IDEMPOTENCY_IN_FLIGHT)))
    public Uni<Response> send(JsonNode body, @HeaderParam("Prefer") String prefer,
            @HeaderParam("X-Request-Id") String requestId, @Context HttpServerRequest http) {
        requestId(requestId);
        boolean async = acceptAsync && respondAsync(prefer);
        Optional<Idempotency.Requested> requested = idempotency.requested(http.headers().getAll(Idempotency.HEADER),
                key(), () -> Fingerprint.json("POST /api/v1/messages " + (async ? "async" : "sync"), body));
        StrictJson.Bound<SendMessageRequest> request = json.bind(body, SendMessageRequest.class, "");
        RequestConverter.Converted converted = asyncAllowed(RequestConverter.fromJson(request,
                t -> templates.render(t.name(), t.data(), t.locale()), maxSchedule));
        Optional<String> key = key();
        return idempotency.run(requested, keyed -> flow.send(converted, async, key, keyed));
    }

    static final String IDEMPOTENCY = "Makes a retry safe: a request with a key this API key used before (within"
            + " mailgate.idempotency.ttl, 24 h) is answered with the first request's response and"
            + " Idempotent-Replayed: true, and sends nothing. 1-255 printable ASCII characters; a UUID per request."
            + " 409 while the first is in flight, 422 if it was another request.";

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a message (multipart/form-data, files as 'attachment' and 'inline' parts)")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = MultipartForm.class)))
    @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = IDEMPOTENCY, schema = @Schema(
            type = SchemaType.STRING, maxLength = 255))
    public Uni<Response> sendMultipart(MultipartFormDataInput form, @HeaderParam("Prefer") String prefer,
            @HeaderParam("X-Request-Id") String requestId, @Context HttpServerRequest http) {
        requestId(requestId);
        boolean async = acceptAsync && respondAsync(prefer);
        Optional<Idempotency.Requested> requested = idempotency.requested(http.headers().getAll(Idempotency.HEADER),
                key(), () -> Fingerprint.multipart("POST /api/v1/messages multipart " + (async ? "async" : "sync"), form));
        RequestConverter.Converted converted = asyncAllowed(MultipartReader.read(form, maxSchedule));
        Optional<String> key = key();
        return idempotency.run(requested, keyed -> flow.send(converted, async, key, keyed));
    }

    @GET
    @Operation(summary = "List messages, newest first, with cursor paging")
    @APIResponse(responseCode = "200", description = "A page of messages (without their attempts)", content = @Content(
            schema = @Schema(implementation = MessageViews.Page.class)))
    @APIResponse(responseCode = "400", description = "Unknown status, a limit outside 1-100, or a bad cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageViews.Page> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor,
            @Parameter(description = "Only the message with this Message-ID (angle brackets optional)")
            @QueryParam("messageId") String messageId) {
        MessageViews.Query query = MessageViews.Query.parse(status, messageId, limit, cursor);
        Optional<String> key = key();
        return Uni.createFrom().item(() -> page(key, query)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private MessageViews.Page page(Optional<String> key, MessageViews.Query q) {
        try {
            MessageStore.Page page = store.list(key, q.status(), q.messageId(), q.limit(), q.cursor());
            Map<String, List<RecipientResults.Result>> own = results.of(page.messages().stream()
                    .map(StoredMessage::id).toList());
            return new MessageViews.Page(page.messages().stream().map(m -> MessageViews.summary(m,
                    own.getOrDefault(m.id(), List.of()))).toList(), page.nextCursor());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the store cannot be read: " + e.getMessage(), e);
        }
    }

    /** Where asynchronous sending is off, a sendAt is refused (a preference for it is merely not applied). */
    private RequestConverter.Converted asyncAllowed(RequestConverter.Converted r) {
        if (acceptAsync || r.sendAt() == null) {
            return r;
        }
        List<FieldError> errors = new ArrayList<>(r.errors());
        errors.add(new FieldError("sendAt", "cannot be used here: this gateway keeps no durable queue"
                + " (mailgate.outbox.accept-async=false); send without sendAt, or to a gateway with a store"));
        return new RequestConverter.Converted(r.draft(), errors, null);
    }

    /** The caller's key, which scopes everything it sees; empty when API keys are off (then it sees all). */
    private Optional<String> key() {
        return caller.key().map(ApiKey::name);
    }

    /** RFC 7240: respond-async is one preference among possibly several, in any case. */
    static boolean respondAsync(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String p : prefer.split(",")) {
            if (p.trim().split("[;=\\s]", 2)[0].equalsIgnoreCase("respond-async")) {
                return true;
            }
        }
        return false;
    }

    /** The MDC lives in the request's Vert.x context, so every log line of this send carries the ids. */
    static void requestId(String requestId) {
        MDC.put("requestId", requestId != null && requestId.matches("[\\x21-\\x7E]{1,100}") ? requestId
                : UUID.randomUUID().toString());
    }
}
