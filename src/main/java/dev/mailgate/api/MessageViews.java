package dev.mailgate.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.mailgate.binding.FieldError;
import dev.mailgate.store.Cursor;
import dev.mailgate.outbox.RecipientResults;
import dev.mailgate.outbox.Status;
import dev.mailgate.suppression.Suppressions;
import dev.mailgate.webhook.EventType;
import dev.mailgate.webhook.History;
import dev.mailgate.outbox.StoredMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The message status API's bodies, and the parsing of its list query. */
final class MessageViews {

    private MessageViews() {
    }

    /** One message. In a list page, {@code attempts} is left out. */
    @Schema(name = "MessageStatus")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String id, String messageId,
            @Schema(description = "scheduled, queued, sending, retrying, sent, failed, uncertain, cancelled, or bounced"
                    + " (sent, and later every recipient's server reported it undeliverable for good)") String status,
            String subject,
            @Schema(description = "The address it went out as (or will, for a message not sent yet).") String sender,
            @Schema(description = "The SMTP account of its last attempt.", examples = "primary") String account,
            Instant createdAt, Instant sendAt, Instant updatedAt,
            @Schema(description = "Each envelope recipient with its own result: a bounce or a delay reported after"
                    + " its server accepted the message, or its suppression; otherwise the message's status")
            List<RecipientView> recipients, List<AttemptView> attempts,
            Instant nextAttemptAt, ErrorView error,
            @Schema(description = "Every state change, in order: message.queued, message.sent, ...") List<History.Event> events,
            @Schema(description = "Each webhook delivery of those events: endpoint, event, status (pending, delivered,"
                    + " failed), attempts, the last answer, and the next retry") List<History.Delivery> webhooks,
            @Schema(description = "Recipients dropped because they are on the suppression list (message.suppressed):"
                    + " address, reason, since.") List<Map<String, Object>> suppressed) {
    }

    @Schema(name = "Recipient")
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecipientView(String address,
            @Schema(description = "sent, bounced, delayed or suppressed; for a message not sent (yet), its status")
            String status,
            @Schema(description = "When the recipient got this status (absent while the message is pending)") Instant at,
            @Schema(description = "For bounced and delayed: hard (the address does not exist), soft (temporary), or"
                    + " block (the sender, its IP or the content was refused; the address is fine)") String bounceType,
            @Schema(description = "The enhanced status code the report gave", examples = "5.1.1") String smtpStatus,
            @Schema(description = "The receiving server's words, as reported") String diagnostic) {
    }

    @Schema(name = "Attempt")
    @RegisterForReflection
    record AttemptView(Instant at, @Schema(description = "sent, transient, rate_limited, permanent_recipient, ...") String outcome,
            Integer smtpCode, String smtpReply, long durationMs,
            @Schema(description = "The SMTP account it went through.", examples = "backup") String account) {
    }

    @Schema(name = "MessageError", description = "Why the message is not sent (yet).")
    @RegisterForReflection
    record ErrorView(String outcome, String message, Integer smtpCode, String smtpReply) {
    }

    @Schema(name = "MessagePage")
    @RegisterForReflection
    record Page(List<View> messages, @Schema(description = "Pass as cursor for the next page; absent on the last.")
            String nextCursor) {
    }

    static View full(StoredMessage m, History.Of history, List<RecipientResults.Result> results) {
        return view(m, m.attempts().stream().map(a -> new AttemptView(a.at(), a.outcome(), a.smtpCode(), a.smtpReply(),
                a.durationMs(), a.account())).toList(), implied(m, history), results);
    }

    /**
     * The events an acceptance or a synchronous record did not store (no endpoint wanted them: the hot paths skip the
     * row), shown from the message itself: queued at its creation, and a synchronous send's outcome at its end.
     */
    static History.Of implied(StoredMessage m, History.Of stored) {
        List<History.Event> events = new java.util.ArrayList<>(stored.events());
        boolean queuedFirst = !events.isEmpty() && events.getFirst().type().equals(EventType.QUEUED.wire());
        if ("async".equals(m.mode()) && !queuedFirst) {
            events.addFirst(new History.Event(EventType.QUEUED.wire(), m.createdAt()));
        }
        if ("sync".equals(m.mode()) && m.status().finished() && events.stream().noneMatch(MessageViews::outcome)) {
            // A bounce read later may have stored events after it: the outcome still comes first.
            EventType type = switch (m.status()) {
                case SENT, BOUNCED -> EventType.SENT;
                case UNCERTAIN -> EventType.UNCERTAIN;
                default -> EventType.FAILED;
            };
            events.addFirst(new History.Event(type.wire(), m.finishedAt() != null ? m.finishedAt() : m.updatedAt()));
        }
        return new History.Of(events, stored.webhooks());
    }

    private static boolean outcome(History.Event e) {
        return e.type().equals(EventType.SENT.wire()) || e.type().equals(EventType.FAILED.wire())
                || e.type().equals(EventType.UNCERTAIN.wire());
    }

    static View summary(StoredMessage m, List<RecipientResults.Result> results) {
        return view(m, null, null, results);
    }

    private static View view(StoredMessage m, List<AttemptView> attempts, History.Of history,
            List<RecipientResults.Result> results) {
        StoredMessage.LastError e = m.error();
        return new View(m.id(), m.messageId(), m.status().wire(), m.subject(), m.sender(), m.account(), m.createdAt(), m.sendAt(), m.updatedAt(),
                recipients(m, results), attempts, m.status().pending() ? m.nextAttemptAt() : null,
                e == null || m.status().accepted() ? null
                        : new ErrorView(e.outcome(), e.message(), e.smtpCode(), e.smtpReply()),
                history == null ? null : history.events(), history == null ? null : history.webhooks(),
                history == null ? null : suppressed(history.events()));
    }

    /** Each recipient with its own result where it has one, else with the message's status. */
    private static List<RecipientView> recipients(StoredMessage m, List<RecipientResults.Result> results) {
        Map<String, RecipientResults.Result> own = new java.util.HashMap<>();
        results.forEach(r -> own.put(r.key(), r));
        String status = m.status().accepted() ? "sent" : m.status().wire();
        Instant at = m.status().finished() ? m.finishedAt() : null;
        return m.recipients().stream().map(address -> {
            RecipientResults.Result r = Suppressions.key(address).map(own::get).orElse(null);
            return r == null ? new RecipientView(address, status, at, null, null, null)
                    : new RecipientView(address, r.status(), r.at(), r.bounceType(), r.smtpStatus(), r.diagnostic());
        }).toList();
    }

    /** The recipients every message.suppressed event of the message dropped; null when there are none. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> suppressed(List<History.Event> events) {
        // Each address once, as a retry drops it again.
        Map<String, Map<String, Object>> dropped = new java.util.LinkedHashMap<>();
        for (History.Event e : events) {
            if (EventType.SUPPRESSED.wire().equals(e.type()) && e.data() != null
                    && e.data().get("suppressed") instanceof List<?> list) {
                list.forEach(x -> dropped.putIfAbsent(String.valueOf(((Map<String, Object>) x).get("address"))
                        .toLowerCase(java.util.Locale.ROOT), (Map<String, Object>) x));
            }
        }
        return dropped.isEmpty() ? null : List.copyOf(dropped.values());
    }

    /** {@code ?status=&limit=&cursor=}, checked: every bad parameter is named at once. */
    record Query(Optional<Status> status, Optional<String> messageId, int limit, Optional<Cursor> cursor) {

        static final int MAX = 100;
        static final int DEFAULT = 20;

        static Query parse(String status, String messageId, String limit, String cursor) {
            List<FieldError> errors = new ArrayList<>();
            Optional<Status> s = Optional.empty();
            if (status != null && !status.isBlank()) {
                s = Status.fromWire(status.trim());
                if (s.isEmpty()) {
                    errors.add(new FieldError("status", "must be one of scheduled, queued, sending, retrying, sent,"
                            + " failed, uncertain, cancelled, bounced"));
                }
            }
            int n = DEFAULT;
            if (limit != null && !limit.isBlank()) {
                try {
                    n = Integer.parseInt(limit.trim());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > MAX) {
                    errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX));
                }
            }
            Optional<Cursor> c = Optional.empty();
            if (cursor != null && !cursor.isBlank()) {
                c = Cursor.decode(cursor.trim());
                if (c.isEmpty()) {
                    errors.add(new FieldError("cursor", "is not a cursor from a previous page (nextCursor)"));
                }
            }
            Optional<String> id = Optional.empty();
            if (messageId != null && !messageId.isBlank()) {
                // As a bounce or a mail client shows it, with or without the angle brackets.
                String m = messageId.trim();
                id = Optional.of(m.startsWith("<") ? m : "<" + m + ">");
                if (!id.get().matches("<[^<>\\s]{3,298}>")) {
                    errors.add(new FieldError("messageId", "is not a Message-ID (local@domain, in angle brackets or not)"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            return new Query(s, id, n, c);
        }
    }
}
