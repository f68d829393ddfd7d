package dev.mailgate.api;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.MessageChanges;
import dev.mailgate.outbox.MessageStore;
import dev.mailgate.outbox.OutboxWorker;
import dev.mailgate.outbox.RecipientResults;
import dev.mailgate.webhook.History;
import dev.mailgate.outbox.Status;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.Caller;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One message: its status, and what its sender may still do about it (cancel, reschedule, retry). A key sees only
 * its own messages; another key's id is a 404, exactly like an unknown one.
 */
@Path("/api/v1/messages/{id}")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageByIdResource {

    /** The body of a reschedule. */
    @Schema(name = "Reschedule")
    public record Reschedule(@Schema(required = true, examples = "2026-11-27T08:00:00+08:00") OffsetDateTime sendAt) {
    }

    private final MessageStore store;
    private final MessageChanges changes;
    private final OutboxWorker worker;
    private final StrictJson json;
    private final Caller caller;
    private final Duration maxAge;
    private final Duration maxSchedule;
    private final History history;
    private final RecipientResults results;

    public MessageByIdResource(MessageStore store, MessageChanges changes, OutboxWorker worker, StrictJson json,
            Caller caller, MailgateConfig config, History history, RecipientResults results) {
        this.history = history;
        this.results = results;
        this.store = store;
        this.changes = changes;
        this.worker = worker;
        this.json = json;
        this.caller = caller;
        this.maxAge = config.outbox().maxAge();
        this.maxSchedule = config.outbox().maxSchedule();
    }

    @GET
    @Operation(summary = "A message's status, with every attempt")
    @APIResponse(responseCode = "200", description = "The message", content = @Content(schema = @Schema(
            implementation = MessageViews.View.class), examples = { @ExampleObject(name = "retrying", value = ApiExamples.STATUS),
                    @ExampleObject(name = "a recipient bounced", value = ApiExamples.BOUNCED) }))
    @APIResponse(responseCode = "404", description = "No such message for this key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageViews.View> get(@PathParam("id") String id) {
        return read(id, key());
    }

    @DELETE
    @Operation(summary = "Cancel a scheduled, queued or retrying message; it is then never sent")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "409", description = "Sending or finished; the problem says its status",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageViews.View> cancel(@PathParam("id") String id) {
        Optional<String> key = key();
        return change(id, key, k -> changes.cancel(id, k), "cancelled", "Only scheduled, queued or retrying"
                + " messages can be cancelled.");
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reschedule a scheduled, queued or retrying message")
    @APIResponse(responseCode = "200", description = "Rescheduled")
    @APIResponse(responseCode = "409", description = "Sending or finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageViews.View> reschedule(@PathParam("id") String id,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @Content(schema = @Schema(
                    implementation = Reschedule.class))) JsonNode body) {
        StrictJson.Bound<Reschedule> bound = json.bind(body, Reschedule.class, "");
        List<FieldError> errors = new ArrayList<>(bound.errors());
        if (bound.value() == null || bound.value().sendAt() == null) {
            if (errors.isEmpty()) {
                errors.add(new FieldError("sendAt", "is required: an RFC 3339 date-time with an offset"));
            }
            throw new InvalidRequestException(errors);
        }
        Instant sendAt = SendAt.check(bound.value().sendAt(), maxSchedule, "sendAt", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Optional<String> key = key();
        return change(id, key, k -> changes.reschedule(id, k, sendAt), "rescheduled", "Only scheduled, queued or"
                + " retrying messages can be rescheduled.")
                .invoke(worker::wake);
    }

    @POST
    @Path("/retry")
    @Operation(summary = "Send an uncertain or failed message again, with the same Message-ID",
            description = "Only on this explicit request: mailgate never re-sends an uncertain message by itself.")
    @APIResponse(responseCode = "202", description = "Queued again")
    @APIResponse(responseCode = "409", description = "Not uncertain or failed, a synchronous send's record (which keeps"
            + " no content unless it was sent with an Idempotency-Key), or its content is past"
            + " mailgate.outbox.body-retention",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> retry(@PathParam("id") String id) {
        Optional<String> key = key();
        return change(id, key, k -> changes.retry(id, k, Instant.now().plus(maxAge)), "retried", "Only uncertain or"
                + " failed messages whose content is still kept (sent asynchronously, or synchronously with an"
                + " Idempotency-Key) can be retried.")
                .invoke(worker::wake)
                .map(view -> Response.accepted(view).location(URI.create("/api/v1/messages/" + id)).build());
    }

    /** The message as the change left it; 404 or 409 when it could not be made. */
    private Uni<MessageViews.View> change(String id, Optional<String> key,
            Function<Optional<String>, CompletionStage<MessageChanges.Change>> change, String verb, String rule) {
        return Uni.createFrom().completionStage(() -> change.apply(key)).map(c -> {
            if (c.status().isEmpty()) {
                throw new NotFoundProblem();
            }
            if (!c.applied()) {
                throw new ConflictProblem(c.status().get(), "The message is " + c.status().get().wire()
                        + ", so it cannot be " + verb + ". " + rule);
            }
            return c.message().orElseThrow(NotFoundProblem::new);
        }).emitOn(Infrastructure.getDefaultWorkerPool()).map(this::full);
    }

    private Uni<MessageViews.View> read(String id, Optional<String> key) {
        return Uni.createFrom().item(() -> {
            try {
                return full(store.find(id, key).orElseThrow(NotFoundProblem::new));
            } catch (SQLException e) {
                throw new IllegalStateException("the store cannot be read: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The message with its events and webhook deliveries. Blocking: on a worker thread. */
    private MessageViews.View full(dev.mailgate.outbox.StoredMessage m) {
        try {
            return MessageViews.full(m, history.of(m.id()), results.of(List.of(m.id())).getOrDefault(m.id(), List.of()));
        } catch (SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    private Optional<String> key() {
        return caller.key().map(ApiKey::name);
    }

    /** No such message, or not this key's: the same answer for both. */
    static final class NotFoundProblem extends RuntimeException {
        NotFoundProblem() {
            super("No message with this id.", null, false, false);
        }
    }

    /** The message's status does not allow the request. */
    static final class ConflictProblem extends RuntimeException {
        final Status status;

        ConflictProblem(Status status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }
}
