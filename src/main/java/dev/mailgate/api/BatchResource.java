package dev.mailgate.api;

import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Up to {@code mailgate.batch.max-size} messages queued in one call, all stored or none. */
@Path("/api/v1/messages/batch")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    private final BatchFlow flow;
    private final Caller caller;
    private final boolean acceptAsync;
    private final Idempotency idempotency;

    public BatchResource(BatchFlow flow, Caller caller, MailgateConfig config, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.flow = flow;
        this.caller = caller;
        this.acceptAsync = config.outbox().acceptAsync();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue several messages in one call",
            description = "Each element is what POST /api/v1/messages takes as JSON (templates and sendAt included)."
                    + " Always asynchronous: 202 once every queued element is stored, in one transaction. Strict (the"
                    + " default): any invalid element refuses the whole batch, naming messages[i].field. Permissive:"
                    + " the valid elements are queued and the invalid ones named.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "batch",
            value = ApiExamples.BATCH)))
    @APIResponse(responseCode = "202", description = "Stored; one entry per element, in request order",
            content = @Content(schema = @Schema(implementation = BatchResponse.class),
                    examples = @ExampleObject(name = "queued", value = ApiExamples.BATCH_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "An invalid element (strict), none valid (permissive), or more"
            + " than mailgate.batch.max-size", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid element", value = ApiExamples.BATCH_INVALID)))
    @APIResponse(responseCode = "403", description = "Strict: an element's From is not allowed for this key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Strict: this API key's rate limit is reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = MessageResource.IDEMPOTENCY,
            schema = @Schema(type = SchemaType.STRING, maxLength = 255))
    @APIResponse(responseCode = "409", description = "The first request with this Idempotency-Key is still in flight",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was first used with a different request;"
            + " or (strict) an element names a recipient on the suppression list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = { @ExampleObject(name = "idempotency mismatch", value = ApiExamples.IDEMPOTENCY_MISMATCH),
                            @ExampleObject(name = "recipient suppressed", value = SuppressionExamples.SUPPRESSED) }))
    public Uni<Response> send(JsonNode body,
            @Parameter(description = "strict (default) or permissive") @QueryParam("mode") String mode,
            @HeaderParam("X-Request-Id") String requestId, @Context HttpServerRequest http) {
        MessageResource.requestId(requestId);
        String m = mode == null ? "strict" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("strict") && !m.equals("permissive")) {
            throw new InvalidRequestException("mode", "must be strict or permissive");
        }
        Optional<String> key = caller.key().map(ApiKey::name);
        Optional<Idempotency.Requested> requested = idempotency.requested(http.headers().getAll(Idempotency.HEADER),
                key, () -> Fingerprint.json("POST /api/v1/messages/batch " + m, body));
        if (!acceptAsync) {
            throw new InvalidRequestException("body", "a batch is queued, and this gateway keeps no durable queue"
                    + " (mailgate.outbox.accept-async=false); send the messages one by one, or to a gateway with a store");
        }
        return idempotency.run(requested, keyed -> flow.send(body, m.equals("permissive"), key, keyed));
    }
}
