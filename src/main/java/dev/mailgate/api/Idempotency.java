package dev.mailgate.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.IdempotencyStore;
import dev.mailgate.outbox.MessageStore;
import dev.mailgate.outbox.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): a request with a key the caller used before
 * is answered with the first request's response, marked {@code Idempotent-Replayed: true}, and sends nothing. A key
 * whose first request is still in flight gets 409; one first used with another request gets 422. Keys are scoped to
 * the API key and remembered for {@code mailgate.idempotency.ttl}. Validation comes first: a request refused as invalid
 * claims no key, so the caller may fix it and use the key again.
 */
@ApplicationScoped
public class Idempotency {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    /** The response headers a replay repeats; the rest (dates, request ids) belong to each response. */
    private static final List<String> KEPT = List.of("Content-Type", "Location", "Preference-Applied", "Retry-After");

    /** A request's key, and how to compute its fingerprint (later, on a worker thread: it may read files). */
    record Requested(IdempotencyStore.Key key, Callable<String> fingerprint) {
    }

    /** A request's key and fingerprint. */
    record Keyed(IdempotencyStore.Key key, String fingerprint) {
    }

    private final IdempotencyStore keys;
    private final MessageStore messages;
    private final ObjectMapper json;
    private final Duration ttl;
    private final boolean required;

    public Idempotency(IdempotencyStore keys, MessageStore messages, ObjectMapper json, MailgateConfig config) {
        this.keys = keys;
        this.messages = messages;
        this.json = json;
        this.ttl = config.idempotency().ttl();
        this.required = config.idempotency().required();
    }

    /**
     * The key of a request, from every value of its header: none (unless keys are required), or exactly one of 1 to
     * 255 printable ASCII characters. A structured-field string ({@code "abc"}, as the draft writes it) counts
     * without its quotes. {@code scope} is the API key's name, or empty where keys are off.
     */
    Optional<Requested> requested(List<String> values, Optional<String> scope, Callable<String> fingerprint) {
        if (values == null || values.isEmpty()) {
            if (required) {
                throw new InvalidRequestException(HEADER, "is required here (mailgate.idempotency.required=true): send"
                        + " a unique value per request, such as a UUID, and the same value when you retry it");
            }
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new InvalidRequestException(HEADER, "was sent " + values.size() + " times; send it once");
        }
        String value = values.getFirst().strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (!value.matches("[\\x20-\\x7E]{1,255}") || value.isBlank()) {
            throw new InvalidRequestException(HEADER, "must be 1 to 255 printable ASCII characters, such as a UUID");
        }
        return Optional.of(new Requested(new IdempotencyStore.Key(scope.orElse(""), value), fingerprint));
    }

    /**
     * Without a key, the request runs. With one, a key already held answers it (replay, 409 or 422); otherwise the
     * request runs with the key, which {@code fresh} claims in the same transaction as its message.
     */
    Uni<Response> run(Optional<Requested> requested, Function<Optional<Keyed>, Uni<Response>> fresh) {
        if (requested.isEmpty()) {
            return fresh.apply(Optional.empty());
        }
        Requested r = requested.get();
        return Uni.createFrom().item(() -> held(r))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(h -> h.answer().isPresent() ? Uni.createFrom().item(h.answer().get())
                        : fresh.apply(Optional.of(h.keyed())));
    }

    private record Held(Keyed keyed, Optional<Response> answer) {
    }

    private Held held(Requested r) {
        Keyed k;
        try {
            k = new Keyed(r.key(), r.fingerprint().call());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try {
            Optional<IdempotencyStore.Entry> entry = keys.find(k.key());
            return new Held(k, entry.map(e -> answer(k, e)));
        } catch (java.sql.SQLException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The claim of a key for a request whose response is known already (202), or not yet (null). */
    IdempotencyStore.Claim claim(Keyed k, String message, Response response) {
        Instant now = Instant.now();
        return new IdempotencyStore.Claim(k.key(), k.fingerprint(), message, response == null ? null : capture(response),
                now, now.plus(ttl));
    }

    /** {@link #answer} on a worker thread. */
    Uni<Response> answerLater(Keyed k, IdempotencyStore.Entry e) {
        return Uni.createFrom().item(() -> answer(k, e)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The answer the message's state gives (its own send lost its claim, so its outcome is not the truth). */
    Uni<Response> answerFromMessage(String id) {
        return Uni.createFrom().item(() -> {
            try {
                return messages.find(id, Optional.empty()).map(this::fromMessage).orElseGet(Idempotency::inFlight);
            } catch (java.sql.SQLException x) {
                throw new StoreUnavailableException(x);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The answer to a request whose key another request holds. Blocking: it may read the message. */
    Response answer(Keyed k, IdempotencyStore.Entry e) {
        if (!e.fingerprint().equals(k.fingerprint())) {
            return ProblemMappers.respond(Problem.of("idempotency-mismatch", "Idempotency-Key reused", 422,
                    "This Idempotency-Key was first used with a different request (another body, endpoint,"
                            + " Prefer or mode). Nothing was sent.")
                    .withHint("Use a new key for a new request; retry a request only unchanged."));
        }
        if (e.response() != null) {
            return replay(e.response());
        }
        try {
            return messages.find(e.message(), Optional.empty()).map(this::fromMessage).orElseGet(Idempotency::inFlight);
        } catch (java.sql.SQLException x) {
            throw new StoreUnavailableException(x);
        }
    }

    /**
     * A key's request whose response was never stored (its process died mid-send, or lost its claim): the message's
     * state is the answer. In flight: 409. Back in the queue (the three-way rule found its final dot never went out):
     * 202. Finished: its outcome, as the send would have answered it.
     */
    Response fromMessage(StoredMessage m) {
        Response.ResponseBuilder rb = switch (m.status()) {
            case SENDING -> null;
            case SCHEDULED, QUEUED, RETRYING -> Response.accepted(new AcceptedResponse(m.id(), m.messageId(),
                    m.status().wire())).location(URI.create("/api/v1/messages/" + m.id()));
            case SENT, BOUNCED -> Response.ok(new MessageResponse(m.id(), m.messageId(), "sent", m.recipients(), m.attemptCount(),
                    m.finishedAt() == null ? 0 : Duration.between(m.createdAt(), m.finishedAt()).toMillis(),
                    m.account()));
            case CANCELLED -> Response.fromResponse(ProblemMappers.respond(Problem.of("conflict", "Cancelled", 409,
                    "The message of this Idempotency-Key was cancelled; nothing more will be sent.")
                    .withMessageStatus("cancelled").withId(m.id())));
            case FAILED, UNCERTAIN -> Response.fromResponse(failure(m));
        };
        return rb == null ? inFlight() : rb.header(REPLAYED, "true").build();
    }

    private static Response failure(StoredMessage m) {
        StoredMessage.LastError e = m.error();
        String outcome = e == null ? m.status().wire() : e.outcome();
        int status = switch (outcome) {
            case "permanent_recipient", "permanent_content" -> 422;
            case "timeout" -> 504;
            default -> 502;
        };
        Problem p = new Problem("urn:mailgate:problem:" + outcome.replace('_', '-'), m.status() == dev.mailgate.outbox.Status.UNCERTAIN
                ? "Delivery uncertain" : "Not sent", status, e == null ? m.status().wire() : e.message(), null, outcome,
                e == null ? null : e.smtpCode(), e == null ? null : e.smtpReply(),
                m.status() == dev.mailgate.outbox.Status.UNCERTAIN
                        ? "The message may have been delivered; check the recipient mailbox before resending." : null,
                m.attemptCount(), m.id(), null, m.account());
        return ProblemMappers.respond(p);
    }

    private static Response inFlight() {
        return ProblemMappers.respond(Problem.of("idempotency-in-flight", "Request in flight", 409,
                "The first request with this Idempotency-Key is still being processed. Nothing more was sent.")
                .withHint("Retry after the Retry-After delay to get its outcome."), 1);
    }

    private Response replay(IdempotencyStore.Response r) {
        Response.ResponseBuilder rb = Response.status(r.status()).entity(r.body());
        try {
            Map<String, String> headers = json.readValue(r.headers(), new TypeReference<Map<String, String>>() {
            });
            headers.forEach(rb::header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored response's headers cannot be read: " + e.getMessage(), e);
        }
        return rb.header(REPLAYED, "true").build();
    }

    /** What a replay needs of a response: its status, the headers that matter, and its body as sent. */
    IdempotencyStore.Response capture(Response r) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", r.getEntity() instanceof Problem ? Problem.MEDIA_TYPE : "application/json");
        for (String name : KEPT) {
            Object v = r.getHeaders().getFirst(name);
            if (v != null && !name.equals("Content-Type")) {
                headers.put(name, v.toString());
            }
        }
        try {
            return new IdempotencyStore.Response(r.getStatus(), json.writeValueAsString(headers),
                    json.writeValueAsString(r.getEntity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
