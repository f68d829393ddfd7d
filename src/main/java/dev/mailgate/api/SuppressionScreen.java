package dev.mailgate.api;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.compose.MessageDraft;
import dev.mailgate.suppression.SuppressionMetrics;
import dev.mailgate.suppression.Suppressions;

/**
 * A request's recipients against the suppression list, before anything is composed, sent or stored: refused with 422
 * by default; with {@code "suppressed": "skip"} the others get the message (to, cc and bcc lose the suppressed ones)
 * and the answer lists who was skipped. With nobody left, it is the 422 again.
 */
@ApplicationScoped
class SuppressionScreen {

    /** The draft to send, and the recipients left out of it. */
    record Screened(MessageDraft draft, List<SuppressedRecipient> skipped) {
    }

    private final Suppressions suppressions;
    private final SuppressionMetrics metrics;

    SuppressionScreen(Suppressions suppressions, SuppressionMetrics metrics) {
        this.suppressions = suppressions;
        this.metrics = metrics;
    }

    /** {@code element}: the batch element, for the problem; null for a single send. */
    Screened screen(MessageDraft draft, boolean skip, Integer element) {
        List<String> all = Stream.of(draft.to(), draft.cc(), draft.bcc()).flatMap(List::stream)
                .map(SuppressionScreen::address).toList();
        List<Suppressions.Hit> hits = suppressions.check(all);
        if (hits.isEmpty()) {
            return new Screened(draft, null);
        }
        List<SuppressedRecipient> found = hits.stream().map(h -> SuppressedRecipient.of(h, element)).toList();
        metrics.stopped(SuppressionMetrics.Path.API, hits.size());
        // By key, so that another spelling of a suppressed address (Bob@X.com) goes too.
        Set<String> suppressed = hits.stream().flatMap(h -> Suppressions.key(h.address()).stream())
                .collect(Collectors.toSet());
        Predicate<String> keep = r -> Suppressions.key(address(r)).map(k -> !suppressed.contains(k)).orElse(true);
        MessageDraft rest = new MessageDraft(draft.from(), only(draft.to(), keep), only(draft.cc(), keep),
                only(draft.bcc(), keep), draft.replyTo(), draft.subject(), draft.text(), draft.html(),
                draft.attachments(), draft.inline(), draft.headers(), draft.fromName());
        if (!skip || rest.to().isEmpty() && rest.cc().isEmpty() && rest.bcc().isEmpty()) {
            throw new RecipientSuppressedException(found);
        }
        return new Screened(rest, found);
    }

    private static List<String> only(List<String> recipients, Predicate<String> keep) {
        return recipients.stream().filter(keep).toList();
    }

    /** The address of a recipient as given ("Bob &lt;bob@x&gt;" is bob@x). */
    static String address(String recipient) {
        MailboxAddress.Parsed p = MailboxAddress.parse(recipient);
        return p.ok() ? p.value().address() : recipient;
    }
}
