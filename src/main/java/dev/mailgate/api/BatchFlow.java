package dev.mailgate.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailgate.binding.FieldError;
import dev.mailgate.binding.StrictJson;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.outbox.IdempotencyStore;
import dev.mailgate.outbox.Outbox;
import dev.mailgate.security.SenderNotAllowedException;
import dev.mailgate.delivery.SenderPolicy;
import dev.mailgate.template.TemplateRenderer;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A batch from request to 202: every element is bound, validated and composed exactly as a single JSON send is, then
 * the sender policy and the key's rate limit apply to each, and the accepted ones are stored in one transaction.
 * Strict (the default) refuses the whole batch for any bad element; permissive queues the good ones and names the
 * bad ones. Errors carry the element's index: {@code messages[3].to}.
 */
@ApplicationScoped
public class BatchFlow {

    private final DraftValidator validator;
    private final MailComposer composer;
    private final SenderPolicy senders;
    private final Outbox outbox;
    private final TemplateRenderer templates;
    private final StrictJson json;
    private final MailgateConfig config;
    private final Idempotency idempotency;
    private final SuppressionScreen screen;

    public BatchFlow(DraftValidator validator, MailComposer composer, SenderPolicy senders, Outbox outbox,
            TemplateRenderer templates, StrictJson json, MailgateConfig config, Idempotency idempotency,
            SuppressionScreen screen) {
        this.screen = screen;
        this.idempotency = idempotency;
        this.validator = validator;
        this.composer = composer;
        this.senders = senders;
        this.outbox = outbox;
        this.templates = templates;
        this.json = json;
        this.config = config;
    }

    /** Composing a hundred messages is real work: it runs on a worker thread, as does the store's commit. */
    Uni<Response> send(JsonNode body, boolean permissive, Optional<String> key, Optional<Idempotency.Keyed> keyed) {
        String traceparent = dev.mailgate.tracing.Traces.current(); // here, in the request's context
        return Uni.createFrom().item(() -> prepare(body, permissive, traceparent))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(p -> {
                    Response accepted = respond(p);
                    // With a key, the key and the response it replays are stored with the messages.
                    Optional<IdempotencyStore.Claim> claim = keyed.map(k -> idempotency.claim(k,
                            Outbox.id(p.queued().getFirst().mail()), accepted));
                    return Uni.createFrom().completionStage(() -> outbox.acceptAll(p.queued(), key, claim))
                            .chain(held -> held.isPresent() ? idempotency.answerLater(keyed.orElseThrow(), held.get())
                                    : Uni.createFrom().item(accepted));
                });
    }

    private record Prepared(int size, Map<Integer, Outbox.Queued> accepted, List<FieldError> errors,
            Map<Integer, List<SuppressedRecipient>> skipped) {
        List<Outbox.Queued> queued() {
            return List.copyOf(accepted.values());
        }
    }

    private Prepared prepare(JsonNode body, boolean permissive, String traceparent) {
        JsonNode messages = elements(body);
        Map<Integer, Outbox.Queued> accepted = new TreeMap<>();
        List<FieldError> errors = new ArrayList<>();
        Map<Integer, List<SuppressedRecipient>> skipped = new TreeMap<>();
        List<SuppressedRecipient> suppressed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages[" + i + "]";
            try {
                RequestConverter.Converted c = RequestConverter.fromJson(
                        json.bind(messages.get(i), SendMessageRequest.class, ""),
                        t -> templates.render(t.name(), t.data(), t.locale()), config.outbox().maxSchedule());
                MessageDraft validated = validator.validate(c.draft(), c.errors());
                SuppressionScreen.Screened screened = screen.screen(validated, c.skipSuppressed(), i);
                MessageDraft draft = screened.draft();
                if (screened.skipped() != null) {
                    skipped.put(i, screened.skipped());
                }
                dev.mailgate.compose.ComposedMail mail = composer.compose(draft);
                mail.traceparent().set(traceparent);
                accepted.put(i, new Outbox.Queued(mail, draft, Optional.ofNullable(c.sendAt())));
            } catch (InvalidRequestException e) {
                e.errors().forEach(f -> errors.add(new FieldError(at + ("body".equals(f.field()) ? "" : "." + f.field()),
                        f.message())));
            } catch (PayloadTooLargeException e) {
                errors.add(new FieldError(at, e.getMessage()));
            } catch (RecipientSuppressedException e) {
                // Permissive: that element fails with the same reason; strict: the whole batch, listing them all.
                suppressed.addAll(e.recipients());
                errors.add(new FieldError(at, e.getMessage()));
            }
        }
        if ((!permissive || accepted.isEmpty()) && !suppressed.isEmpty() && errors.size() == suppressed.stream()
                .map(SuppressedRecipient::message).distinct().count()) {
            throw new RecipientSuppressedException(suppressed);
        }
        if (!errors.isEmpty() && (!permissive || accepted.isEmpty())) {
            throw new InvalidRequestException(errors);
        }
        // The sender policy and the key's rate limit last, so that a batch refused as invalid costs no permits.
        for (Iterator<Map.Entry<Integer, Outbox.Queued>> it = accepted.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Outbox.Queued> e = it.next();
            try {
                senders.check(e.getValue().mail());
            } catch (SenderNotAllowedException | RateLimitException refused) {
                if (!permissive) {
                    throw refused instanceof SenderNotAllowedException
                            ? new SenderNotAllowedException("messages[" + e.getKey() + "]: " + refused.getMessage())
                            : refused;
                }
                errors.add(new FieldError("messages[" + e.getKey() + "]" + (refused instanceof RateLimitException
                        ? "" : ".from"), refused instanceof RateLimitException
                                ? "this API key's rate limit is reached; send this element again later"
                                : refused.getMessage()));
                it.remove();
            }
        }
        if (accepted.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Prepared(messages.size(), accepted, errors, skipped);
    }

    private JsonNode elements(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "a JSON object with a messages array is required");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!"messages".equals(f)) {
                errors.add(new FieldError(f, "is not a field of a batch; it has only messages"));
            }
        });
        JsonNode messages = body.get("messages");
        int max = Math.max(1, config.batch().maxSize());
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            errors.add(new FieldError("messages", "is required: an array of 1 to " + max + " messages"));
        } else if (messages.size() > max) {
            errors.add(new FieldError("messages", "has " + messages.size() + " elements; at most " + max
                    + " (mailgate.batch.max-size)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return messages;
    }

    private static Response respond(Prepared p) {
        List<AcceptedResponse> data = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            Outbox.Queued q = p.accepted().get(i);
            data.add(q == null ? null : new AcceptedResponse(Outbox.id(q.mail()), q.mail().messageId(),
                    Outbox.initialStatus(q.sendAt()).wire(), p.skipped().get(i)));
        }
        return Response.accepted(new BatchResponse(data, p.errors())).header("Preference-Applied", "respond-async")
                .build();
    }
}
