package dev.mailgate.relay;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

import dev.mailgate.config.RelayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * The SMTP submission listener: SubEthaSMTP servers on the plain port (with STARTTLS when a certificate is
 * configured) and, if set, the implicit-TLS port. Started after the store, stopped before it.
 * <p>
 * Why SubEthaSMTP rather than a Vert.x NetServer: the protocol state machine, SIZE, STARTTLS, AUTH PLAIN/LOGIN,
 * dot-unstuffing and line limits are a maintained library's, tested against real clients for years; what mailgate
 * adds is policy. Its blocking thread per session fits: each session ends in a blocking write to the store anyway,
 * and sessions are bounded (in all, and per address).
 */
@ApplicationScoped
public class RelayServer {

    private static final Logger LOG = Logger.getLogger(RelayServer.class);

    private final Relay relay;
    private final TlsConfigurationRegistry tls;
    private final List<SMTPServer> servers = new ArrayList<>();
    /** Closes sessions that outlive mailgate.relay.max-session-time, however busy they keep themselves. */
    private final java.util.concurrent.ScheduledExecutorService deadlines = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mailgate-relay-deadlines");
                t.setDaemon(true);
                return t;
            });
    private SessionHandler perAddress;
    private RelayAuth auth;
    private volatile int port = -1;
    private volatile int tlsPort = -1;

    public RelayServer(Relay relay, TlsConfigurationRegistry tls) {
        this.relay = relay;
        this.tls = tls;
    }

    void start(@Observes @Priority(dev.mailgate.store.StoreStartup.PRIORITY + 200) StartupEvent event) throws Exception {
        RelayConfig c = relay.config();
        if (!c.enabled()) {
            return;
        }
        // One of each for both ports: the per-address bound counts a client's sessions on either.
        perAddress = SessionHandler.limitConcurrentSessionsBySource(c.maxConnectionsPerAddress());
        auth = relay.auth();
        Optional<SSLContext> ssl = c.tlsConfigurationName().isPresent()
                ? Optional.of(tls.get(c.tlsConfigurationName().get()).orElseThrow(() -> new IllegalStateException(
                        "mailgate.relay.tls-configuration-name names a TLS configuration that does not exist"))
                        .createSSLContext())
                : Optional.empty();
        SMTPServer plain = builder(c, c.port()).enableTLS(ssl.isPresent())
                .showAuthCapabilitiesBeforeSTARTTLS(c.allowPlaintextAuth())
                .startTlsSocketFactory(ssl.orElse(null) == null ? SSLContext.getDefault() : ssl.get())
                .build();
        commands(plain);
        plain.start();
        servers.add(plain);
        port = plain.getPortAllocated();
        if (c.tlsPort().isPresent()) {
            SSLContext context = ssl.orElseThrow(() -> new IllegalStateException(
                    "mailgate.relay.tls-port needs mailgate.relay.tls-configuration-name (the certificate)"));
            SMTPServer implicit = builder(c, c.tlsPort().getAsInt()).serverSocketFactory(context)
                    .showAuthCapabilitiesBeforeSTARTTLS(true).build();
            commands(implicit);
            implicit.start();
            servers.add(implicit);
            tlsPort = implicit.getPortAllocated();
        }
        LOG.infof("SMTP relay listening on %s:%d%s%s", c.host(), port, ssl.isPresent() ? " (STARTTLS)" : "",
                tlsPort > 0 ? " and " + c.host() + ":" + tlsPort + " (TLS)" : "");
    }

    private static void commands(SMTPServer server) {
        server.getCommandHandler().addCommand(new RelayCommands.Ehlo());
        server.getCommandHandler().addCommand(new RelayCommands.Bdat());
    }

    private SMTPServer.Builder builder(RelayConfig c, int listen) throws Exception {
        RelayMetrics metrics = relay.metrics();
        java.util.Map<Session, java.util.concurrent.ScheduledFuture<?>> open = new java.util.concurrent.ConcurrentHashMap<>();
        long maxSession = Math.max(1, c.maxSessionTime().toMillis());
        return SMTPServer.port(listen).bindAddress(InetAddress.getByName(c.host())).hostName(relay.hostName())
                .softwareName("mailgate")
                .messageHandlerFactory(context -> new RelayTransaction(context, relay))
                .authenticationHandlerFactory(auth)
                .maxConnections(c.maxConnections())
                .connectionTimeout((int) Math.max(1, c.idleTimeout().toMillis()), TimeUnit.MILLISECONDS)
                .maxMessageSize((int) Math.min(Integer.MAX_VALUE, relay.maxMessageSize()))
                .maxRecipients(-1) // mailgate's own limit decides, with its own reply
                .insertReceivedHeaders(false) // mailgate writes its own, without the recipient
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        SessionAcceptance a = perAddress.accept(session);
                        if (a.accepted()) {
                            auth.bind(session); // on the session's own thread, before any command
                            metrics.sessionStarted();
                            open.put(session, deadlines.schedule(() -> close(session), maxSession,
                                    TimeUnit.MILLISECONDS));
                        }
                        return a;
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                        auth.unbind();
                        perAddress.onSessionEnd(session);
                        java.util.concurrent.ScheduledFuture<?> deadline = open.remove(session);
                        if (deadline != null) {
                            deadline.cancel(false);
                            metrics.sessionEnded();
                        }
                    }
                });
    }

    private static void close(Session session) {
        try {
            session.closeSocket();
        } catch (java.io.IOException e) {
            // closed already
        }
    }

    /** The plain port as bound (tests listen on port 0), or -1 when off. */
    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        servers.forEach(SMTPServer::stop);
        servers.clear();
        deadlines.shutdownNow();
    }
}
