package dev.mailgate.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.compose.MailboxAddress;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * No open relay: the sender must be one the calling key may use, and for providers that demand it (QQ, 163,
 * Office365) the SMTP login itself. Checked before any connection, so a violation costs the provider nothing. Also
 * applies the key's own rate limit, which throws the same RateLimitException as the account-wide one.
 */
@ApplicationScoped
public class SenderPolicy {

    private final Caller caller;
    private final ApiKeys keys;
    private final boolean fromMustEqualLogin;
    private final Optional<MailboxAddress> login;

    public SenderPolicy(Caller caller, ApiKeys keys, MailgateConfig config,
            @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username) {
        this.caller = caller;
        this.keys = keys;
        this.fromMustEqualLogin = Provider.fromKey(config.provider()).map(Provider::fromMustEqualLogin).orElse(false);
        this.login = username.map(MailboxAddress::parse).filter(MailboxAddress.Parsed::ok).map(MailboxAddress.Parsed::value);
    }

    public void check(String senderAddress) {
        MailboxAddress from = MailboxAddress.parse(senderAddress).value();
        if (keys.enabled()) {
            ApiKey key = caller.key().orElseThrow(() -> new SenderNotAllowedException("No API key was presented."));
            if (!key.maySendAs(from)) {
                throw new SenderNotAllowedException("API key '" + key.name() + "' may not send as " + from.address()
                        + " (mailgate.auth.keys." + key.name() + ".senders).");
            }
            if (key.rateLimit() != null) {
                key.rateLimit().get(() -> Boolean.TRUE, Boolean.class);
            }
        }
        if (fromMustEqualLogin && login.isPresent() && !login.get().sameMailbox(from)) {
            throw new SenderNotAllowedException("This provider only accepts mail from the SMTP login "
                    + login.get().address() + "; a display name may differ, the address may not.");
        }
    }
}
