package dev.mailgate.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.address.SenderPatterns;
import dev.mailgate.config.MailgateConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The configured keys, by hash. Presented keys are hashed and compared in constant time against every key. */
@ApplicationScoped
public class ApiKeys {

    private final boolean enabled;
    private final List<ApiKey> keys;

    public ApiKeys(MailgateConfig config, @ConfigProperty(name = "quarkus.mailer.from") Optional<String> defaultFrom) {
        this.enabled = config.auth().enabled();
        // A key without senders may use the gateway's own addresses: the single sender, or every account's.
        List<String> own = config.accounts().named().isEmpty() ? defaultFrom.map(List::of).orElse(List.of())
                : config.accounts().named().values().stream().map(dev.mailgate.config.AccountRules::from)
                        .flatMap(Optional::stream).toList();
        this.keys = load(new TreeMap<>(config.auth().keys()), own);
    }

    /** The key of that name, for messages stored under it. */
    public Optional<ApiKey> byName(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public boolean enabled() {
        return enabled;
    }

    public int count() {
        return keys.size();
    }

    /** The key whose hash matches, if any. Looks at every key so timing does not reveal which one matched. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        ApiKey match = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(hash, key.sha256()) && match == null) {
                match = key;
            }
        }
        return Optional.ofNullable(match);
    }

    private static List<ApiKey> load(Map<String, MailgateConfig.ApiKey> configured, List<String> own) {
        List<ApiKey> loaded = new ArrayList<>();
        configured.forEach((name, k) -> {
            byte[] hash = parseHash(k.sha256());
            if (hash == null) {
                return; // reported by the start-up validation
            }
            List<String> senders = k.senders().orElse(own);
            Guard guard = k.perMinute().map(n -> Guard.create().withRateLimit().limit(n).window(1, ChronoUnit.MINUTES)
                    .type(RateLimitType.ROLLING).done().build()).orElse(null);
            loaded.add(new ApiKey(name, hash, SenderPatterns.of(senders), guard));
        });
        return List.copyOf(loaded);
    }

    static byte[] parseHash(String hex) {
        String h = hex == null ? "" : hex.trim();
        if (!h.matches("[0-9a-fA-F]{64}")) {
            return null;
        }
        return HexFormat.of().parseHex(h.toLowerCase());
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
