package dev.mailgate.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.template.DataSchema;
import dev.mailgate.template.Rendered;
import dev.mailgate.template.TemplateCatalog;
import dev.mailgate.template.TemplateRenderer;
import dev.mailgate.template.user.TemplateProblem;
import dev.mailgate.template.user.UserSchemas;
import dev.mailgate.template.user.UserTemplate;
import dev.mailgate.template.user.UserTemplates;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Template discovery and preview. Preview renders exactly what a send would, and sends nothing. */
@Path("/api/v1/templates")
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final TemplateCatalog catalog;
    private final TemplateRenderer renderer;
    private final StrictJson json;
    private final UserTemplates users;

    public TemplateResource(TemplateCatalog catalog, TemplateRenderer renderer, StrictJson json, UserTemplates users) {
        this.catalog = catalog;
        this.users = users;
        this.renderer = renderer;
        this.json = json;
    }

    /**
     * A template as listed: built-in ones have their data derived from their typed record; users' own ones their JSON
     * Schema too, their origin and live version, and the problems of the last load (the live version stays).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TemplateInfo(String name, String description, String origin, Integer version, Instant updatedAt,
            List<String> locales, List<String> variants, List<DataSchema> data, JsonNode schema,
            List<TemplateProblem> problems) {
    }

    public record PreviewRequest(JsonNode data, String locale) {
    }

    public record Preview(String subject, String html, String text, List<String> inline) {
    }

    @GET
    @Operation(summary = "List the templates with their data schema, derived from their typed records")
    @APIResponse(responseCode = "200", description = "The templates", content = @Content(examples = @ExampleObject(
            name = "templates", value = "[{\"name\":\"verification-code\",\"description\":\"A one-time verification code.\","
                    + "\"locales\":[\"zh-CN\",\"en\"],\"variants\":[\"text/html\",\"text/plain\"],\"data\":["
                    + "{\"name\":\"code\",\"type\":\"string\",\"required\":true},"
                    + "{\"name\":\"validMinutes\",\"type\":\"integer\",\"required\":true}]}]")))
    public List<TemplateInfo> list() {
        List<TemplateInfo> all = new ArrayList<>(catalog.all().stream().map(s -> new TemplateInfo(s.name(),
                s.description(), "built-in", null, null, List.of("zh-CN", "en"), List.of("text/html", "text/plain"),
                DataSchema.of(s.dataType()), null, null)).toList());
        users.all().forEach(e -> all.add(info(e)));
        return all;
    }

    private TemplateInfo info(UserTemplates.Entry e) {
        UserTemplate t = e.live();
        List<TemplateProblem> problems = e.problems().isEmpty() ? null : e.problems();
        if (t == null) {
            return new TemplateInfo(e.name(), null, e.origin(), null, null, List.of(), List.of(), List.of(), null,
                    problems);
        }
        return new TemplateInfo(t.name(), t.description(), t.origin(), t.version(), t.updatedAt(),
                List.copyOf(t.localeTags()), t.variants(), UserSchemas.fields(t.schema()), t.schemaJson(), problems);
    }

    @POST
    @Path("/{name}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Render a template's subject, html and text without sending anything")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PreviewRequest.class), examples = @ExampleObject(name = "verification code",
            value = "{\"locale\":\"en\",\"data\":{\"code\":\"834512\",\"validMinutes\":10,\"product\":\"mailgate\"}}")))
    @APIResponse(responseCode = "200", description = "Rendered", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "rendered", value = "{\"subject\":\"Your mailgate code: 834512\","
                    + "\"html\":\"<!DOCTYPE html>…\",\"text\":\"mailgate\\n\\nYour verification code is: 834512…\",\"inline\":[]}")))
    @APIResponse(responseCode = "400", description = "Unknown template or locale, or invalid data; each field is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid data",
                    value = "{\"type\":\"urn:mailgate:problem:validation\",\"title\":\"Invalid request\",\"status\":400,"
                            + "\"detail\":\"The request has 1 invalid field(s).\",\"errors\":[{\"field\":\"template.data.code\","
                            + "\"message\":\"must not be blank\"}]}")))
    @APIResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Preview preview(@PathParam("name") String name, JsonNode body) {
        StrictJson.Bound<PreviewRequest> bound = json.bind(body, PreviewRequest.class, "");
        if (bound.value() == null || !bound.ok()) {
            throw new InvalidRequestException(bound.ok() ? List.of(new FieldError("body",
                    "a JSON object with data is required")) : bound.errors());
        }
        PreviewRequest request = bound.value();
        Rendered r = renderer.render(name, request.data(), request.locale());
        return new Preview(r.subject(), r.html(), r.text(),
                r.inline().stream().map(i -> "cid:" + i.contentId()).toList());
    }
}
