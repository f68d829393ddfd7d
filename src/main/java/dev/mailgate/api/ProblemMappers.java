package dev.mailgate.api;

import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.DeliveryException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json: no HTML pages, no stack traces. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private final DeliveryProblems deliveryProblems;

    public ProblemMappers(MailgateConfig config) {
        this.deliveryProblems = new DeliveryProblems(config.provider());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return respond(Problem.of("validation", "Invalid request", 400,
                "The request has " + e.errors().size() + " invalid field(s).").withErrors(e.errors()));
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(DraftValidator.field(v.getPropertyPath()), v.getMessage())).toList();
        return invalid(new InvalidRequestException(errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException m ? jsonPath(m) : null;
        String detail = e instanceof MismatchedInputException
                ? "A field has the wrong type" + (field == null ? "." : ": " + field + ".")
                : "The body is not valid JSON (" + e.getOriginalMessage() + ").";
        Problem p = Problem.of("malformed-json", "Malformed JSON", 400, detail);
        return respond(field == null ? p : p.withErrors(List.of(new FieldError(field, "has the wrong type"))));
    }

    /** More specific than Quarkus' built-in mapper for the same type, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response delivery(DeliveryException e) {
        DeliveryProblems.Mapped m = deliveryProblems.map(e);
        Response.ResponseBuilder rb = Response.status(m.problem().status()).type(Problem.MEDIA_TYPE).entity(m.problem());
        if (m.retryAfterSeconds() != null) {
            rb.header("Retry-After", m.retryAfterSeconds());
        }
        return rb.build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s == null ? "HTTP " + status : s.getReasonPhrase();
        String detail = switch (status) {
            case 415 -> "Send application/json or multipart/form-data.";
            case 404 -> "No such resource.";
            case 405 -> "That method is not allowed on this resource.";
            case 413 -> "The request is larger than the configured limit.";
            default -> title + ".";
        };
        return respond(Problem.of(slug(title), title, status, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return respond(Problem.of("internal", "Internal error", 500, "mailgate failed unexpectedly; see its log."));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String jsonPath(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
