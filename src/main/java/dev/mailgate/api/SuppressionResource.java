package dev.mailgate.api;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.Caller;
import dev.mailgate.store.Cursor;
import dev.mailgate.suppression.Reason;
import dev.mailgate.suppression.Suppressions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The suppression list over HTTP. It is gateway-wide: with API keys on, any valid key reads and changes it, and each
 * change is logged with the key's name. Reads and writes run on worker threads; a write is answered once it is on
 * the disk and this replica refuses the address.
 */
@Path("/api/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Suppressions", description = "Addresses mailgate never sends to")
public class SuppressionResource {

    private static final int MAX_PAGE = 100;

    private final Suppressions suppressions;
    private final Caller caller;
    private final StrictJson json;

    public SuppressionResource(Suppressions suppressions, Caller caller, StrictJson json) {
        this.suppressions = suppressions;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Operation(summary = "List the suppressed addresses, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SuppressionViews.Page.class),
            examples = @ExampleObject(name = "a page", value = SuppressionExamples.PAGE)))
    public Uni<SuppressionViews.Page> list(@QueryParam("reason") String reason, @QueryParam("address") String address,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        Optional<Reason> r = Optional.ofNullable(reason).filter(s -> !s.isBlank()).map(s -> Reason.fromWire(s)
                .orElseGet(() -> {
                    errors.add(new FieldError("reason", "must be hard_bounce, soft_bounce_limit, manual or unsubscribe"));
                    return null;
                }));
        int n = 20;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_PAGE) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_PAGE));
            }
        }
        Optional<Cursor> c = Optional.ofNullable(cursor).filter(s -> !s.isBlank()).map(s -> Cursor.decode(s.trim())
                .orElseGet(() -> {
                    errors.add(new FieldError("cursor", "is not a cursor from a previous page (nextCursor)"));
                    return null;
                }));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        int size = n;
        return blocking(() -> {
            var page = suppressions.page(r, Optional.ofNullable(address).filter(s -> !s.isBlank()), size, c);
            return new SuppressionViews.Page(page.entries().stream().map(SuppressionViews.View::of).toList(),
                    page.nextCursor());
        });
    }

    @GET
    @Path("/{address}")
    @Operation(summary = "One suppressed address")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SuppressionViews.View.class),
            examples = @ExampleObject(name = "a hard bounce", value = SuppressionExamples.ENTRY)))
    @APIResponse(responseCode = "404", description = "Not on the list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SuppressionViews.View> get(@PathParam("address") String address) {
        String a = checked(address);
        return blocking(() -> suppressions.get(a).map(SuppressionViews.View::of).orElseThrow(NotSuppressed::new));
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an address, or replace its entry", description = "The body is optional: without it the"
            + " entry is manual and never expires.")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(
            implementation = SuppressionViews.View.class), examples = @ExampleObject(name = "added",
                    value = SuppressionExamples.MANUAL)))
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "400", description = "Not an address, or a bad field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "not an address",
                    value = SuppressionExamples.INVALID)))
    public Uni<Response> put(@PathParam("address") String address,
            @RequestBody(content = @Content(schema = @Schema(implementation = SuppressionViews.Put.class),
                    examples = @ExampleObject(name = "manual, with a note", value = SuppressionExamples.PUT)))
            JsonNode body) {
        String a = checked(address);
        List<FieldError> errors = new ArrayList<>();
        SuppressionViews.Put p = null;
        if (body != null && !body.isNull()) {
            StrictJson.Bound<SuppressionViews.Put> bound = json.bind(body, SuppressionViews.Put.class, "");
            errors.addAll(bound.errors());
            p = bound.value();
        }
        Reason reason = reason(p == null ? null : p.reason(), "reason", errors);
        String note = p == null ? null : p.note();
        SuppressionImport.noteProblem(note).ifPresent(x -> errors.add(new FieldError("note",
                x.replace("has a note", "is a note"))));
        Instant expires = p == null || p.expiresAt() == null ? null : p.expiresAt().toInstant();
        if (expires != null && !expires.isAfter(Instant.now())) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        } else if (expires != null && expires.isAfter(Instant.now().plus(java.time.Duration.ofDays(36_500)))) {
            errors.add(new FieldError("expiresAt", "must be within 100 years; leave it out for never"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        String who = by();
        return Uni.createFrom().completionStage(() -> suppressions.put(a, reason, note, expires, who))
                .map(put -> Response.status(put.change() == Suppressions.Change.CREATED ? 201 : 200)
                        .entity(SuppressionViews.View.of(put.entry())).build());
    }

    @DELETE
    @Path("/{address}")
    @Operation(summary = "Take an address off the list")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "Not on the list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("address") String address) {
        String a = checked(address);
        String who = by();
        return Uni.createFrom().completionStage(() -> suppressions.remove(a, who))
                .map(removed -> {
                    if (!removed) {
                        throw new NotSuppressed();
                    }
                    return Response.noContent().build();
                });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add up to 1,000 addresses at once", description = "JSON, or text/csv with one address a"
            + " line (an optional header line, optional reason and note columns). The same request twice changes"
            + " nothing.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(
            implementation = SuppressionViews.Imported.class), examples = @ExampleObject(name = "imported",
                    value = SuppressionExamples.IMPORTED)))
    public Uni<SuppressionViews.Imported> importJson(@RequestBody(content = @Content(schema = @Schema(
            implementation = SuppressionViews.Import.class), examples = @ExampleObject(name = "addresses",
                    value = SuppressionExamples.IMPORT))) JsonNode body) {
        StrictJson.Bound<SuppressionViews.Import> bound = json.bind(body, SuppressionViews.Import.class, "");
        List<FieldError> errors = new ArrayList<>(bound.errors());
        SuppressionViews.Import i = bound.value();
        if (i == null || i.addresses() == null || i.addresses().isEmpty()) {
            errors.add(new FieldError("addresses", "is required: 1 to " + SuppressionImport.MAX + " addresses"));
        } else if (i.addresses().size() > SuppressionImport.MAX) {
            errors.add(new FieldError("addresses", "has " + i.addresses().size() + "; at most "
                    + SuppressionImport.MAX + " per request"));
        }
        Reason reason = reason(i == null ? null : i.reason(), "reason", errors);
        SuppressionImport.noteProblem(i == null ? null : i.note()).ifPresent(p -> errors.add(new FieldError("note",
                p.replace("has a note", "is a note"))));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return imported(SuppressionImport.json(i, reason));
    }

    @POST
    @Consumes("text/csv")
    @io.smallrye.common.annotation.Blocking
    @Operation(summary = "Add up to 1,000 addresses from CSV")
    public Uni<SuppressionViews.Imported> importCsv(@QueryParam("reason") String reason,
            @RequestBody(content = @Content(mediaType = "text/csv", examples = @ExampleObject(name = "csv",
                    value = SuppressionExamples.CSV))) java.io.InputStream body) throws java.io.IOException {
        List<FieldError> errors = new ArrayList<>();
        Reason r = reason(reason, "reason", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        SuppressionImport.Parsed parsed = SuppressionImport.csv(body, r);
        if (parsed.lines().isEmpty() && parsed.invalid().isEmpty()) {
            throw new InvalidRequestException("body", "has no addresses: one address a line");
        }
        return imported(parsed);
    }

    private Uni<SuppressionViews.Imported> imported(SuppressionImport.Parsed parsed) {
        if (parsed.lines().isEmpty()) {
            // Nothing to take: a 400 naming every line, and nothing stored.
            throw new InvalidRequestException(parsed.invalid().stream().map(i -> new FieldError(i.field() != null
                    ? i.field() : "line " + i.line(), i.message())).toList());
        }
        String who = by();
        return Uni.createFrom().completionStage(() -> suppressions.importAll(parsed.lines(), who))
                .map(r -> new SuppressionViews.Imported(r.created(), r.updated(), r.unchanged(), parsed.invalid()));
    }

    /** A bare address, or 400 naming it. */
    private static String checked(String address) {
        Optional<String> problem = SuppressionImport.problem(address);
        if (problem.isPresent()) {
            throw new InvalidRequestException("address", problem.get());
        }
        return address.trim();
    }

    private static Reason reason(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return Reason.MANUAL;
        }
        return Reason.fromWire(value).orElseGet(() -> {
            errors.add(new FieldError(field, "must be hard_bounce, soft_bounce_limit, manual or unsubscribe"));
            return Reason.MANUAL;
        });
    }

    private String by() {
        return caller.key().map(ApiKey::name).orElse(null);
    }

    private static <T> Uni<T> blocking(Callable<T> read) {
        return Uni.createFrom().item(() -> {
            try {
                return read.call();
            } catch (SQLException e) {
                throw new StoreUnavailableException(e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Not on the list: 404. */
    static final class NotSuppressed extends RuntimeException {
        NotSuppressed() {
            super("This address is not on the suppression list.", null, false, false);
        }
    }
}
