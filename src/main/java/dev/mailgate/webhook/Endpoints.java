package dev.mailgate.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import org.jboss.logging.Logger;

/**
 * The configured webhook endpoints: where each goes, its signing key, which events and which API keys' messages it
 * wants. An endpoint that answered 410 Gone is off until the next restart.
 */
@ApplicationScoped
public class Endpoints {

    private static final Logger LOG = Logger.getLogger(Endpoints.class);

    /** One endpoint, as configured and checked. */
    public record Endpoint(String name, URI url, byte[] key, Set<EventType> events, Optional<Set<String>> apiKeys) {

        /** The list is gateway-wide: its events go to every endpoint that asks for them, whatever its api-keys. */
        boolean wants(EventType type, String apiKey) {
            return events.contains(type) && (type.aboutTheList()
                    || apiKeys.map(keys -> apiKey != null && keys.contains(apiKey)).orElse(true));
        }
    }

    private final Map<String, Endpoint> all = new TreeMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    public Endpoints(MailgateConfig config) {
        // Start-up validation (StartupValidator) refuses a bad endpoint; here the valid ones are kept.
        config.webhooks().endpoints().forEach((name, e) -> {
            if (problems(name, e, config.webhooks().allowPrivateNetworks()).isEmpty()) {
                all.put(name, new Endpoint(name, URI.create(e.url().orElseThrow()), key(e.secret().orElseThrow()),
                        e.events().map(Endpoints::types).orElse(EnumSet.allOf(EventType.class)),
                        e.apiKeys().map(Set::copyOf)));
            }
        });
    }

    /** The endpoints that want this event of a message sent with this API key. */
    List<Endpoint> subscribed(EventType type, String apiKey) {
        return all.values().stream().filter(e -> e.wants(type, apiKey)).toList();
    }

    Optional<Endpoint> get(String name) {
        return Optional.ofNullable(all.get(name));
    }

    boolean any() {
        return !all.isEmpty();
    }

    /** 410 Gone: the receiver says the endpoint is no more. Its deliveries wait in the store for a restart. */
    void gone(String name) {
        if (gone.add(name)) {
            LOG.warnf("webhook endpoint %s answered 410 Gone: it is off until mailgate restarts (its deliveries wait"
                    + " in the store); remove it from the configuration if it is gone for good", name);
        }
    }

    Set<String> disabled() {
        return Set.copyOf(gone);
    }

    /** Everything wrong with every endpoint's settings, each naming the setting. */
    public static List<String> problems(MailgateConfig.Webhooks webhooks, Set<String> apiKeyNames, boolean authEnabled) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(webhooks.endpoints()).forEach((name, e) -> {
            problems.addAll(problems(name, e, webhooks.allowPrivateNetworks()));
            e.apiKeys().ifPresent(keys -> keys.stream().filter(k -> authEnabled && !apiKeyNames.contains(k))
                    .forEach(k -> problems.add("mailgate.webhooks." + name + ".api-keys names " + k + ", which is not"
                            + " a configured API key (mailgate.auth.keys." + k + ".sha256)")));
        });
        if (webhooks.timeout().isNegative() || webhooks.timeout().isZero()) {
            problems.add("mailgate.webhooks.timeout must be positive");
        }
        if (webhooks.concurrency() < 1) {
            problems.add("mailgate.webhooks.concurrency must be at least 1");
        }
        if (webhooks.retrySchedule().stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            problems.add("mailgate.webhooks.retry-schedule must hold positive durations only");
        }
        return problems;
    }

    private static List<String> problems(String name, MailgateConfig.Endpoint e, boolean allowPrivate) {
        List<String> problems = new ArrayList<>();
        String prefix = "mailgate.webhooks." + name + ".";
        if (e.url().isEmpty()) {
            problems.add(prefix + "url is missing: the endpoint's https:// address");
        } else {
            try {
                URI url = URI.create(e.url().get());
                if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null
                        || url.getUserInfo() != null || url.getFragment() != null) {
                    problems.add(prefix + "url must be an absolute http:// or https:// address with a host, and"
                            + " without credentials or a fragment");
                } else if (!allowPrivate && literalPrivate(url.getHost())) {
                    problems.add(prefix + "url points at a loopback, private or link-local address; mailgate refuses"
                            + " those unless mailgate.webhooks.allow-private-networks=true");
                }
            } catch (IllegalArgumentException bad) {
                problems.add(prefix + "url is not a valid URL: " + bad.getMessage());
            }
        }
        if (e.secret().isEmpty()) {
            problems.add(prefix + "secret is missing: whsec_ followed by the base64 of 24 to 64 random bytes"
                    + " (for example: echo whsec_$(head -c 32 /dev/urandom | base64))");
        } else {
            try {
                int n = key(e.secret().get()).length;
                if (n < 24 || n > 64) {
                    problems.add(prefix + "secret must hold 24 to 64 bytes after whsec_ (it holds " + n + ")");
                }
            } catch (IllegalArgumentException bad) {
                problems.add(prefix + "secret must be whsec_ followed by base64 (for example: echo"
                        + " whsec_$(head -c 32 /dev/urandom | base64))");
            }
        }
        e.events().ifPresent(list -> list.stream().filter(t -> EventType.fromWire(t.trim()).isEmpty())
                .forEach(t -> problems.add(prefix + "events has " + t + ", which is not one of "
                        + java.util.Arrays.stream(EventType.values()).map(EventType::wire).toList())));
        return problems;
    }

    /** The signing key: the base64 after whsec_. */
    static byte[] key(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("no whsec_ prefix");
        }
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    private static Set<EventType> types(List<String> wires) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        wires.forEach(w -> EventType.fromWire(w.trim()).ifPresent(types::add));
        return types;
    }

    /** An address literal (or localhost) that is obviously not public; names are checked when connecting. */
    private static boolean literalPrivate(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return NetworkGuard.forbidden(InetAddress.getByName(h));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
