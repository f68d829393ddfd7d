package dev.mailgate.relay;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.jboss.logging.Logger;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.Session;

import dev.mailgate.security.ApiKeys;

/**
 * AUTH PLAIN and LOGIN with an API key: the key's name as the username, the key as the password, checked as on the
 * HTTP API (hashed, constant time). Only over TLS unless plaintext AUTH was switched on; refused for a while to an
 * address with too many failed logins. The mechanisms themselves are SubEthaSMTP's.
 */
final class RelayAuth implements AuthenticationHandlerFactory {

    private static final Logger LOG = Logger.getLogger(RelayAuth.class);

    /** The session this thread serves: SubEthaSMTP runs each session on its own thread, EHLO included. */
    private final ThreadLocal<Session> session = new ThreadLocal<>();
    private final EasyAuthenticationHandlerFactory mechanisms;
    private final boolean allowPlaintext;
    private final FailedLogins failures;
    private final RelayMetrics metrics;

    RelayAuth(ApiKeys keys, boolean allowPlaintext, FailedLogins failures, RelayMetrics metrics) {
        this.allowPlaintext = allowPlaintext;
        this.failures = failures;
        this.metrics = metrics;
        this.mechanisms = new EasyAuthenticationHandlerFactory((username, password, context) -> {
            boolean ok = keys.authenticate(password).filter(k -> k.name().equals(username)).isPresent();
            if (!ok) {
                throw new LoginFailedException();
            }
        });
    }

    /** None before TLS (so EHLO does not offer AUTH there), unless plaintext AUTH was switched on. */
    @Override
    public List<String> getAuthenticationMechanisms() {
        Session s = session.get();
        return !allowPlaintext && s != null && !encrypted(s) ? List.of() : mechanisms.getAuthenticationMechanisms();
    }

    void bind(Session s) {
        session.set(s);
    }

    void unbind() {
        session.remove();
    }

    @Override
    public AuthenticationHandler create() {
        AuthenticationHandler inner = mechanisms.create();
        return new AuthenticationHandler() {
            @Override
            public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                if (!allowPlaintext && !encrypted(context)) {
                    throw new RejectException(538, "5.7.11 Encryption required: send STARTTLS first");
                }
                InetSocketAddress client = (InetSocketAddress) context.getRemoteAddress();
                if (failures.blocked(client.getAddress())) {
                    metrics.authFailed("blocked");
                    throw new RejectException(454, "4.7.0 Too many failed logins from your address; try again later");
                }
                try {
                    return inner.auth(clientInput, context);
                } catch (RejectException e) {
                    if (e.getCode() != 535) {
                        throw e;
                    }
                    failures.failed(client.getAddress());
                    metrics.authFailed("invalid");
                    LOG.warnf("relay: failed login from %s", client.getAddress().getHostAddress());
                    throw new RejectException(535, "5.7.8 Authentication credentials invalid");
                }
            }

            @Override
            public Object getIdentity() {
                return inner.getIdentity();
            }
        };
    }

    /** After STARTTLS, or on the implicit-TLS port. */
    static boolean encrypted(MessageContext context) {
        return context instanceof Session s && (s.isTLSStarted() || s.getSocket() instanceof SSLSocket);
    }
}
