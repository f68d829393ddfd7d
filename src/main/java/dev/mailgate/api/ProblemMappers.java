package dev.mailgate.api;

import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.mailgate.binding.FieldError;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.delivery.AccountCircuitOpenException;
import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.QuotaExceededException;
import dev.mailgate.security.SenderNotAllowedException;
import dev.mailgate.template.TemplateDataException;
import io.smallrye.faulttolerance.api.RateLimitException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
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

    /** The failure's own answer, with the message's id, so that its record can be looked up. */
    @ServerExceptionMapper
    public Response sendFailed(SendFailedException e) {
        Throwable cause = e.getCause();
        Response r = switch (cause) {
            case DeliveryException d -> delivery(d);
            case CircuitBreakerOpenException c -> circuitOpen(c);
            case RateLimitException l -> rateLimited(l);
            case BulkheadException b -> bulkheadFull(b);
            case QuotaExceededException q -> quota(q);
            case dev.mailgate.delivery.LimitsUnavailableException l -> respond(Problem.of("store-unavailable",
                    "The store is unavailable", 503, "mailgate could not check the shared daily quota or rate limit"
                            + " in its store. Nothing was sent.").withHint("Retry after the Retry-After delay."), 5);
            default -> unexpected(cause);
        };
        Response.ResponseBuilder rb = Response.fromResponse(r);
        if (r.getEntity() instanceof Problem p) {
            String account = SendFlow.account(cause);
            rb.entity(account == null || p.account() != null ? p.withId(e.id()) : p.withId(e.id()).withAccount(account));
        }
        return rb.build();
    }

    /** A store that cannot be reached is an outage to wait out, not a bug: 503, and the request may be sent again. */
    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return storeProblem(e);
    }

    @ServerExceptionMapper
    public Response store(java.sql.SQLException e) {
        return storeProblem(e);
    }

    private static Response storeProblem(Exception e) {
        LOG.warnf("the store failed: %s", e.getMessage());
        return respond(Problem.of("store-unavailable", "The store is unavailable", 503, "mailgate could not use its"
                + " store. Nothing was stored or sent.").withHint("Retry after the Retry-After delay."), 5);
    }

    @ServerExceptionMapper
    public Response notFound(MessageByIdResource.NotFoundProblem e) {
        return respond(Problem.of("not-found", "Not Found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(MessageByIdResource.ConflictProblem e) {
        return respond(Problem.of("conflict", "Not possible in the message's state", 409, e.getMessage())
                .withMessageStatus(e.status.wire()));
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
    public Response template(TemplateDataException e) {
        return invalid(new InvalidRequestException(e.problems()));
    }

    @ServerExceptionMapper
    public Response templateRefused(dev.mailgate.template.user.StoredTemplates.Refused e) {
        return respond(Problem.of("template-invalid", "Invalid template", 400, "The template has "
                + e.problems().size() + " problem(s); nothing was stored and the live version, if any, is unchanged.")
                .withErrors(e.problems()));
    }

    @ServerExceptionMapper
    public Response templateNotOurs(dev.mailgate.template.user.StoredTemplates.NotOurs e) {
        return respond(Problem.of("template-not-changeable", "Template not changeable here", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response templateNotFound(StoredTemplateResource.TemplateNotFound e) {
        return respond(Problem.of("not-found", "Not Found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response listNotReady(dev.mailgate.suppression.NotReadyException e) {
        return respond(Problem.of("store-unavailable", "Store unavailable", 503, e.getMessage()), 1);
    }

    @ServerExceptionMapper
    public Response notSuppressed(SuppressionResource.NotSuppressed e) {
        return respond(Problem.of("not-found", "Not Found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response suppressed(RecipientSuppressedException e) {
        return respond(Problem.of("recipient-suppressed", "Recipient suppressed", 422, e.getMessage())
                .withSuppressed(e.recipients())
                .withHint("Remove them, or send with \"suppressed\": \"skip\" to send to the others. An address that"
                        + " works again comes off the list with DELETE /api/v1/suppressions/{address}."));
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e) {
        return respond(Problem.of("payload-too-large", "Payload Too Large", 413, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response forbiddenSender(SenderNotAllowedException e) {
        return respond(Problem.of("sender-not-allowed", "Sender not allowed", 403, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        long seconds = e instanceof AccountCircuitOpenException a ? a.retryAfterSeconds() : 30;
        return respond(Problem.of("circuit-open", "SMTP delivery paused", 503,
                "Recent deliveries to the SMTP server kept failing, so mailgate is not contacting it for "
                        + seconds + " s. Nothing was sent.")
                .withHint("Retry after the Retry-After delay.")
                .withAccount(e instanceof AccountCircuitOpenException a ? a.account() : null), seconds);
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitException e) {
        long seconds = Math.max(1, (e.getRetryAfterMillis() + 999) / 1000);
        return respond(Problem.of("rate-limited", "Too many messages", 429,
                "mailgate's send rate limit for this SMTP account is reached. Nothing was sent.")
                .withHint("Retry after the Retry-After delay."), seconds);
    }

    @ServerExceptionMapper
    public Response bulkheadFull(BulkheadException e) {
        return respond(Problem.of("busy", "Too many concurrent sends", 429,
                "All SMTP connections are busy and the queue is full. Nothing was sent.")
                .withHint("Retry after the Retry-After delay."), 1);
    }

    @ServerExceptionMapper
    public Response quota(QuotaExceededException e) {
        return respond(Problem.of("daily-quota", "Daily quota used up", 429, e.getMessage())
                .withHint("Retry after the Retry-After delay, or raise mailgate.delivery.daily-quota."), e.retryAfterSeconds());
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

    static Response respond(Problem p, long retryAfterSeconds) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).header("Retry-After", retryAfterSeconds).entity(p).build();
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
