package dev.mailgate.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.compose.MailComposer;
import dev.mailgate.address.MailboxAddress;
import dev.mailgate.suppression.SuppressionMetrics;
import dev.mailgate.suppression.Suppressions;
import dev.mailgate.compose.RawMessage;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.RelayConfig;
import dev.mailgate.delivery.Accounts;
import dev.mailgate.outbox.Outbox;
import dev.mailgate.security.ApiKey;
import dev.mailgate.security.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.faulttolerance.api.RateLimitException;
import dev.mailgate.address.SenderPatterns;

/**
 * What the SMTP listener does with a submission: who the caller is, and the checks, additions and storage before
 * "250 queued". The message is kept as it came; mailgate adds only a Received trace field, a Message-ID and a Date
 * if they are missing, and drops a Bcc field (the envelope has those recipients). It answers only once the message
 * is on the disk: the reply is the durability promise. Blocking: runs on the listener's own threads.
 */
@ApplicationScoped
public class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private final RelayConfig config;
    private final ApiKeys keys;
    private final Accounts accounts;
    private final MailComposer composer;
    private final Outbox outbox;
    private final RelayMetrics metrics;
    private final FailedLogins failedLogins;
    private final TrustedNetworks trusted;
    private final RelayCaller trustedCaller;
    private final long maxMessageSize;
    /** Bytes of messages being received, all sessions together: many large submissions at once must not exhaust the heap. */
    private final java.util.concurrent.Semaphore inFlight;
    private final int maxRecipients;
    private final Optional<String> messageIdDomain;
    private final String hostName;
    private final Suppressions suppressions;
    private final SuppressionMetrics suppressionMetrics;

    public Relay(MailgateConfig config, ApiKeys keys, Accounts accounts, MailComposer composer, Outbox outbox,
            MeterRegistry registry, Suppressions suppressions, SuppressionMetrics suppressionMetrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "35M") MemorySize httpLimit) {
        this.config = config.relay();
        this.keys = keys;
        this.accounts = accounts;
        this.composer = composer;
        this.outbox = outbox;
        this.metrics = new RelayMetrics(registry);
        this.failedLogins = new FailedLogins(Math.max(1, this.config.maxAuthFailures()));
        this.trusted = TrustedNetworks.of(this.config.trustedNetworks().orElse(List.of()));
        List<String> own = accounts.all().stream().flatMap(a -> a.identity().from().stream())
                .map(MailboxAddress::address).toList();
        List<String> senders = this.config.trustedSenders().orElse(own);
        this.trustedCaller = new RelayCaller(this.config.trustedName(), SenderPatterns.of(senders)::matches,
                this.config.trustedPerMinute().map(n -> io.smallrye.faulttolerance.api.Guard.create().withRateLimit()
                        .limit(n).window(1, java.time.temporal.ChronoUnit.MINUTES)
                        .type(io.smallrye.faulttolerance.api.RateLimitType.ROLLING).done().build()).orElse(null));
        this.maxMessageSize = this.config.maxMessageSize().orElse(httpLimit).asLongValue();
        long budget = this.config.maxBytesInFlight().map(MemorySize::asLongValue)
                .orElse(Math.max(maxMessageSize, Runtime.getRuntime().maxMemory() / 8));
        this.inFlight = new java.util.concurrent.Semaphore((int) Math.min(Integer.MAX_VALUE, budget));
        this.maxRecipients = this.config.maxRecipients().orElse(config.limits().maxRecipients());
        this.messageIdDomain = config.delivery().messageIdDomain();
        this.hostName = localHostName();
        this.suppressions = suppressions;
        this.suppressionMetrics = suppressionMetrics;
    }

    RelayConfig config() {
        return config;
    }

    RelayMetrics metrics() {
        return metrics;
    }

    RelayAuth auth() {
        return new RelayAuth(keys, config.allowPlaintextAuth(), failedLogins, metrics);
    }

    long maxMessageSize() {
        return maxMessageSize;
    }

    /** Takes {@code bytes} of the in-flight budget; false if they are not free now. */
    boolean hold(int bytes) {
        return inFlight.tryAcquire(bytes);
    }

    void release(long bytes) {
        if (bytes > 0) {
            inFlight.release((int) bytes);
        }
    }

    /** Why a recipient is on the suppression list ("hard_bounce since 2026-12-06"), or null if it is not. */
    String suppressed(String address) {
        List<Suppressions.Hit> hits = suppressions.check(List.of(address));
        if (hits.isEmpty()) {
            return null;
        }
        suppressionMetrics.stopped(SuppressionMetrics.Path.RELAY, 1);
        return hits.getFirst().reason().wire() + " since " + hits.getFirst().since().atZone(ZoneOffset.UTC).toLocalDate();
    }

    int maxRecipients() {
        return maxRecipients;
    }

    String hostName() {
        return hostName;
    }

    void refused(String result) {
        metrics.message(result);
    }

    /**
     * The caller of a transaction: the key that logged in, else the trusted-network caller, else (with API keys off)
     * a local client. Everyone else must log in first.
     */
    RelayCaller caller(MessageContext context) throws RejectException {
        InetAddress client = ((InetSocketAddress) context.getRemoteAddress()).getAddress();
        if (context instanceof Session s && s.isAuthenticated()) {
            String name = String.valueOf(s.getAuthenticationHandler().map(h -> h.getIdentity()).orElse(""));
            Optional<ApiKey> key = keys.byName(name);
            if (key.isPresent()) {
                return new RelayCaller(name, key.get()::maySendAs, key.get().rateLimit());
            }
        }
        if (trusted.contains(client)) {
            return trustedCaller;
        }
        if (!keys.enabled() && client.isLoopbackAddress()) {
            return new RelayCaller(null, from -> true, null);
        }
        metrics.authFailed("missing");
        throw new RejectException(530, "5.7.0 Authentication required");
    }

    /** Checks, completes, stores; the reply text after "250". */
    String submit(RelayCaller caller, MailboxAddress envelopeFrom, List<String> recipients, byte[] data,
            MessageContext context) throws RejectException {
        RawMessage message;
        try {
            message = RawMessage.parse(data);
        } catch (IllegalArgumentException e) {
            refused("malformed");
            throw new RejectException(554, "5.6.0 The message is not RFC 5322: " + e.getMessage());
        }
        MailboxAddress from = headerFrom(message, envelopeFrom, caller);
        String id = UUID.randomUUID().toString();
        Optional<String> givenId = message.header("Message-ID").filter(v -> v.matches("<[^<>\\s]+@[^<>\\s]+>"));
        String messageId = givenId.orElse("<" + id + "@" + messageIdDomain.orElse(from.domain()) + ">");
        List<RawMessage.Field> first = new ArrayList<>();
        first.add(RawMessage.Field.of("Received", received(context, id)));
        if (givenId.isEmpty()) {
            first.add(RawMessage.Field.of("Message-ID", messageId));
        }
        if (message.header("Date").isEmpty()) {
            first.add(RawMessage.Field.of("Date", DATE.format(ZonedDateTime.now())));
        }
        if (message.all("From").isEmpty()) {
            first.add(RawMessage.Field.of("From", envelopeFrom.address()));
        }
        // Bcc: the envelope has them. Return-Path: the final server writes it from the envelope, never the client.
        List<String> replace = new ArrayList<>(List.of("Bcc", "Return-Path"));
        if (givenId.isEmpty()) {
            replace.add("Message-ID"); // an invalid one, if any
        }
        RawMessage completed = message.with(first, replace);
        admit(caller);
        ComposedMail mail = composer.raw(completed, from, recipients, messageId, id);
        String subject = completed.header("Subject").map(MailComposer::decoded).orElse("");
        try {
            // No short timeout: a write that lands after the client was told 451 would be sent twice, once
            // by the queue and once when the client retries. RFC 5321 clients wait 10 minutes for this reply.
            outbox.acceptRaw(mail, subject, Optional.ofNullable(caller.name())).toCompletableFuture()
                    .get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            refused("store_failed");
            LOG.warnf("relay: a message from %s could not be stored: %s", name(caller), e.getMessage());
            throw new RejectException(451, "4.3.0 The message could not be stored; try again later");
        }
        metrics.message("queued");
        LOG.infof("relay: queued %s from %s for %d recipient(s)", id, name(caller), recipients.size());
        return "2.0.0 queued as " + id;
    }

    /**
     * The header From: exactly one mailbox (no list, no group), parsed strictly, that the caller may use, as on the
     * API; so may a Sender field. Missing From: the envelope sender's.
     */
    private MailboxAddress headerFrom(RawMessage message, MailboxAddress envelopeFrom, RelayCaller caller)
            throws RejectException {
        List<RawMessage.Field> froms = message.all("From");
        if (froms.size() > 1 || message.all("Sender").size() > 1) {
            refused("bad_sender");
            throw new RejectException(550, "5.7.1 A message has one From field and at most one Sender field");
        }
        if (!froms.isEmpty() && froms.getFirst().value().length() > 900) {
            refused("malformed");
            throw new RejectException(554, "5.6.0 The From field is too long");
        }
        for (RawMessage.Field sender : message.all("Sender")) {
            allowed(caller, mailbox(sender.unfolded()));
        }
        if (froms.isEmpty()) {
            return envelopeFrom;
        }
        MailboxAddress from = mailbox(froms.getFirst().unfolded());
        allowed(caller, from);
        return from;
    }

    private void allowed(RelayCaller caller, MailboxAddress address) throws RejectException {
        if (!caller.maySendAs().test(address)) {
            refused("sender_not_allowed");
            throw new RejectException(550, "5.7.1 " + name(caller) + " may not send as " + address.address());
        }
    }

    /** One mailbox in RFC 5322 syntax; comments, lists and groups do not hide another address behind it. */
    private MailboxAddress mailbox(String value) throws RejectException {
        try {
            jakarta.mail.internet.InternetAddress[] parsed = jakarta.mail.internet.InternetAddress.parseHeader(value,
                    true);
            if (parsed.length == 1 && !parsed[0].isGroup()) {
                MailboxAddress.Parsed p = MailboxAddress.parse(parsed[0].getAddress());
                if (p.ok()) {
                    return p.value();
                }
            }
        } catch (jakarta.mail.internet.AddressException e) {
            // refused below
        }
        refused("bad_sender");
        throw new RejectException(550, "5.7.1 The From and Sender fields must each hold exactly one address");
    }

    /** The caller's own rate limit, and the accounts' daily quotas: 4xx, so the client tries again later. */
    private void admit(RelayCaller caller) throws RejectException {
        if (caller.rateLimit() != null) {
            try {
                caller.rateLimit().get(() -> Boolean.TRUE, Boolean.class);
            } catch (RateLimitException e) {
                refused("rate_limited");
                throw new RejectException(451, "4.7.0 The rate limit of " + name(caller) + " is reached; try again in "
                        + Math.max(1, e.getRetryAfterMillis() / 1000) + " s");
            }
        }
        boolean allUsedUp = accounts.all().stream().allMatch(a -> a.quota().limit()
                .map(limit -> a.quota().used() >= limit).orElse(false));
        if (allUsedUp) {
            refused("daily_quota");
            throw new RejectException(452, "4.3.1 Every SMTP account has used up its daily quota; try again tomorrow");
        }
    }

    /** RFC 5321 4.4 trace field; with-protocol per RFC 3848. No "for": it would show a Bcc recipient. */
    private String received(MessageContext context, String id) {
        InetSocketAddress client = (InetSocketAddress) context.getRemoteAddress();
        boolean tls = RelayAuth.encrypted(context);
        boolean auth = context instanceof Session s && s.isAuthenticated();
        String protocol = "ESMTP" + (tls ? "S" : "") + (auth ? "A" : "");
        String helo = context.getHelo().orElse("unknown").replaceAll("[^A-Za-z0-9.:\\[\\]-]", "");
        return "from " + (helo.length() > 100 ? helo.substring(0, 100) : helo) + " (["
                + client.getAddress().getHostAddress() + "])\r\n\tby " + hostName + " (mailgate) with " + protocol
                + " id " + id + ";\r\n\t" + DATE.format(ZonedDateTime.now());
    }

    private static String name(RelayCaller caller) {
        return caller.name() == null ? "a local client" : caller.name();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
