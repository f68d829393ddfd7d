package dev.mailgate.delivery;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.address.MailboxAddress;
import dev.mailgate.security.Caller;
import dev.mailgate.security.ApiKeys;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.SenderNotAllowedException;

/**
 * No open relay: an explicit sender must be one the calling key may use, and one some SMTP account may send as (QQ
 * and 163 accept only their own login). A message without a sender goes out as an account's own address, which the
 * key must be allowed to use too. Checked before any connection, so a violation costs the provider nothing. The
 * answer is the accounts the message may go through. Also applies the key's own rate limit, which throws the same
 * RateLimitException as an account's.
 */
@ApplicationScoped
public class SenderPolicy {

    private final Caller caller;
    private final ApiKeys keys;
    private final Router router;
    private final Accounts accounts;

    public SenderPolicy(Caller caller, ApiKeys keys, Router router, Accounts accounts) {
        this.caller = caller;
        this.keys = keys;
        this.router = router;
        this.accounts = accounts;
    }

    /** For the calling request: the accounts {@code mail} may go through; 403 when none, or the key may not. */
    public List<String> check(ComposedMail mail) {
        Optional<ApiKey> key = Optional.empty();
        MailboxAddress from = MailboxAddress.parse(mail.sender()).value();
        if (keys.enabled()) {
            ApiKey k = caller.key().orElseThrow(() -> new SenderNotAllowedException("No API key was presented."));
            if (!mail.defaultSender() && !k.maySendAs(from)) {
                throw new SenderNotAllowedException("API key '" + k.name() + "' may not send as " + from.address()
                        + " (mailgate.auth.keys." + k.name() + ".senders).");
            }
            if (k.rateLimit() != null) {
                k.rateLimit().get(() -> Boolean.TRUE, Boolean.class);
            }
            key = Optional.of(k);
        }
        List<String> eligible = eligible(mail, key);
        if (eligible.isEmpty()) {
            throw new SenderNotAllowedException(refusal(mail, from, key));
        }
        return eligible;
    }

    /** For a stored message, sent later: the accounts it may go through now (none if the rules changed since). */
    public List<String> accountsFor(ComposedMail mail, String apiKeyName) {
        return eligible(mail, apiKeyName == null ? Optional.empty() : keys.byName(apiKeyName));
    }

    private List<String> eligible(ComposedMail mail, Optional<ApiKey> key) {
        return router.eligible(mail, address -> key.map(k -> k.maySendAs(address)).orElse(true));
    }

    private String refusal(ComposedMail mail, MailboxAddress from, Optional<ApiKey> key) {
        if (mail.defaultSender()) {
            return "API key '" + key.map(ApiKey::name).orElse("") + "' may not send as the address of any SMTP"
                    + " account; give a from it may use, or add an account's address to its senders.";
        }
        if (accounts.all().size() == 1) {
            return "This provider only accepts mail from the SMTP login " + accounts.primary().identity().from()
                    .map(MailboxAddress::address).orElse("") + "; a display name may differ, the address may not.";
        }
        return "No SMTP account may send as " + from.address() + ": only an account's own address or one of its"
                + " mailgate.accounts.<name>.senders.";
    }
}
