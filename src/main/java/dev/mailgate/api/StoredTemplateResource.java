package dev.mailgate.api;

import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.Caller;
import dev.mailgate.template.TemplateCatalog;
import dev.mailgate.template.user.StoredTemplates;
import dev.mailgate.template.user.TemplateBody;
import dev.mailgate.template.user.TemplateProblem;
import dev.mailgate.template.user.UserTemplate;
import dev.mailgate.template.user.UserTemplates;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Users' own templates over HTTP: stored on the store and shared by replicas, each change a new version. A PUT is
 * checked in full (schema, syntax, every expression against the schema) before anything is written: a refused one
 * gets every problem at once and the live version stays. Directory templates can be read here, not changed.
 */
@Path("/api/v1/templates")
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
public class StoredTemplateResource {

    private final StoredTemplates stored;
    private final UserTemplates templates;
    private final TemplateCatalog catalog;
    private final StrictJson json;
    private final Caller caller;

    public StoredTemplateResource(StoredTemplates stored, UserTemplates templates, TemplateCatalog catalog,
            StrictJson json, Caller caller) {
        this.stored = stored;
        this.templates = templates;
        this.catalog = catalog;
        this.json = json;
        this.caller = caller;
    }

    /** A user template as GET returns it: its parts, where it comes from, and its live version. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String name, String origin, Integer version, Instant updatedAt,
            @JsonUnwrapped TemplateBody body, List<TemplateProblem> problems) {
    }

    public record VersionView(int version, Instant createdAt, String createdBy, boolean live) {
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a template (201) or replace it (200); every change is a new version",
            description = "Checked in full before anything is stored: the schema against the supported subset, each"
                    + " part's syntax and every expression against the schema. A refused template gets every problem"
                    + " at once, and the live version stays.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TemplateBody.class), examples = @ExampleObject(name = "welcome",
                    value = TemplateExamples.PUT)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(examples = @ExampleObject(
            name = "created", value = TemplateExamples.VIEW)))
    @APIResponse(responseCode = "200", description = "Replaced (or unchanged: the same body as the live version)")
    @APIResponse(responseCode = "400", description = "Refused; each problem names its field, line and column",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "refused",
                    value = TemplateExamples.REFUSED)))
    @APIResponse(responseCode = "409", description = "A built-in or directory template has this name",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> put(@PathParam("name") String name, JsonNode body) {
        StrictJson.Bound<TemplateBody> bound = json.bind(body, TemplateBody.class, "");
        if (bound.value() == null || !bound.ok()) {
            throw new InvalidRequestException(bound.ok() ? List.of(new FieldError("body",
                    "a JSON object with schema, subject and html or text is required")) : bound.errors());
        }
        String by = caller.key().map(ApiKey::name).orElse(null);
        return Uni.createFrom().completionStage(() -> stored.put(name, bound.value(), by)).map(saved -> {
            View view = view(saved.template(), List.of());
            return saved.created()
                    ? Response.created(URI.create("/api/v1/templates/" + name)).entity(view).build()
                    : Response.ok(view).build();
        });
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A user template's parts, origin and live version")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "welcome",
            value = TemplateExamples.VIEW)))
    @APIResponse(responseCode = "404", description = "No user template has this name",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public View get(@PathParam("name") String name) {
        List<UserTemplates.Entry> entries = templates.all().stream().filter(e -> e.name().equals(name)).toList();
        return entries.stream().filter(e -> e.live() != null).findFirst().map(e -> view(e.live(), e.problems()))
                // Never loaded (a directory template broken from the start): its problems, and no version.
                .or(() -> entries.stream().filter(e -> !catalog.find(name).isPresent()).findFirst()
                        .map(e -> new View(e.name(), e.origin(), null, null, null, e.problems())))
                .orElseThrow(() -> new TemplateNotFound(name, catalog.find(name).isPresent()));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a stored template; its versions stay readable")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No stored template has this name",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "A built-in or directory template",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> delete(@PathParam("name") String name) {
        String by = caller.key().map(ApiKey::name).orElse(null);
        return Uni.createFrom().completionStage(() -> stored.delete(name, by)).map(removed -> {
            if (!removed) {
                throw new TemplateNotFound(name, false);
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "A stored template's versions, newest first (a removed template's too)")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "versions",
            value = "[{\"version\":2,\"createdAt\":\"2026-12-06T08:00:00Z\",\"createdBy\":\"ci\",\"live\":true},"
                    + "{\"version\":1,\"createdAt\":\"2026-12-05T08:00:00Z\",\"createdBy\":\"ci\",\"live\":false}]")))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public List<VersionView> versions(@PathParam("name") String name) throws SQLException {
        Optional<Integer> live = templates.entry(name, StoredTemplates.ORIGIN).map(UserTemplates.Entry::live)
                .map(UserTemplate::version);
        List<VersionView> versions = stored.versions(name).stream().map(v -> new VersionView(v.version(),
                v.createdAt(), v.createdBy(), live.isPresent() && live.get() == v.version())).toList();
        if (versions.isEmpty()) {
            throw new TemplateNotFound(name, false);
        }
        return versions;
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(summary = "One version of a stored template, as it was PUT (PUT it again to restore it)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TemplateBody.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public TemplateBody version(@PathParam("name") String name, @PathParam("version") String version)
            throws SQLException {
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(List.of(new FieldError("version", "must be a version number")));
        }
        return stored.version(name, v).orElseThrow(() -> new TemplateNotFound(name + " version " + v, false));
    }

    @GET
    @Path("/{name}/inline/{contentId}")
    @Produces({ "image/png", "image/jpeg", "image/gif", "image/webp" })
    @Operation(summary = "One inline image of a user template (the preview page shows them with it)")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response inline(@PathParam("name") String name, @PathParam("contentId") String contentId) {
        return templates.live(name).flatMap(t -> t.inline().stream().filter(i -> i.contentId().equals(contentId))
                .findFirst()).map(i -> Response.ok(i.data(), i.contentType()).build())
                .orElseThrow(() -> new TemplateNotFound(name + " image " + contentId, false));
    }

    private static View view(UserTemplate t, List<TemplateProblem> problems) {
        return new View(t.name(), t.origin(), t.version(), t.updatedAt(), TemplateBody.of(t.files()),
                problems.isEmpty() ? null : problems);
    }

    /** 404, saying where a built-in template is described instead. */
    static final class TemplateNotFound extends RuntimeException {
        TemplateNotFound(String name, boolean builtIn) {
            super(builtIn ? "'" + name + "' is a built-in template: GET /api/v1/templates describes it"
                    : "no user template '" + name + "' (GET /api/v1/templates lists them all)", null, false, false);
        }
    }

}
