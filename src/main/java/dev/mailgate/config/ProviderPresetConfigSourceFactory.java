package dev.mailgate.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code mailgate.provider} and the two mailgate credentials into {@code quarkus.mailer.*} defaults.
 * <p>
 * The source has an ordinal below application.properties (250), environment (300) and system properties (400), so an
 * operator who sets any standard {@code quarkus.mailer.*} property always overrides the preset. Registered through
 * {@code META-INF/services}, which Quarkus honours in JVM and native mode alike.
 */
public class ProviderPresetConfigSourceFactory implements ConfigSourceFactory {

    static final String NAME = "mailgate-provider-preset";
    static final int ORDINAL = 150;
    static final Map<String, String> CUSTOM_RESET = Map.of("quarkus.mailer.host", "localhost", "quarkus.mailer.port", "",
            "quarkus.mailer.tls", "", "quarkus.mailer.start-tls", "OPTIONAL", "quarkus.mailer.login", "NONE",
            "quarkus.mailer.auth-methods", "");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new MapBackedConfigSource(NAME, presetProperties(context::getValue), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** Pure function of the other sources, so it is unit-testable without starting Quarkus. */
    static Map<String, String> presetProperties(java.util.function.Function<String, ConfigValue> lookup) {
        Map<String, String> props = new HashMap<>();
        String providerKey = value(lookup, "mailgate.provider");
        Provider provider = Provider.fromKey(providerKey == null ? "qq" : providerKey).orElse(null);
        if (provider != null && provider.isPreset()) {
            props.put("quarkus.mailer.host", provider.host());
            props.put("quarkus.mailer.port", Integer.toString(provider.port()));
            props.put("quarkus.mailer.tls", Boolean.toString(provider.implicitTls()));
            props.put("quarkus.mailer.start-tls", provider.startTls());
            props.put("quarkus.mailer.login", "REQUIRED");
            // QQ and 163 advertise several mechanisms; PLAIN and LOGIN are the ones that work with the auth code.
            props.put("quarkus.mailer.auth-methods", "PLAIN LOGIN");
        } else {
            // Quarkus records what this factory returned at build time (the default qq preset) as runtime defaults.
            // So a custom provider resets every preset key to the mailer's own default (empty unsets an optional
            // one) instead of inheriting smtp.qq.com. StartupValidator treats this host as "not configured".
            props.putAll(CUSTOM_RESET);
        }
        String username = value(lookup, "mailgate.smtp.username");
        if (username != null) {
            props.put("quarkus.mailer.username", username);
        }
        String password = value(lookup, "mailgate.smtp.password");
        if (password != null) {
            props.put("quarkus.mailer.password", password);
        }
        // The sender defaults to the login, which is what QQ, 163 and Office365 demand anyway.
        String login = value(lookup, "quarkus.mailer.username");
        if (login == null) {
            login = username;
        }
        if (login != null) {
            props.put("quarkus.mailer.from", login);
        }
        return props;
    }

    private static String value(java.util.function.Function<String, ConfigValue> lookup, String name) {
        ConfigValue v = lookup.apply(name);
        if (v == null || v.getValue() == null || v.getValue().isBlank()) {
            return null;
        }
        return v.getValue().trim();
    }
}
