package dev.mailgate.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes the SMTP passwords (the single account's and every named account's) from text that leaves the process (problem bodies, logs): servers and client libraries
 * sometimes echo the credentials, plain or base64 as sent in AUTH PLAIN/LOGIN.
 */
@ApplicationScoped
public class SecretScrubber implements UnaryOperator<String> {

    static final String MASK = "[redacted]";
    private final List<String> secrets;

    public SecretScrubber(@ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password) {
        List<String> all = new ArrayList<>(forms(username.orElse(""), password.orElse("")));
        all.addAll(accountSecrets(org.eclipse.microprofile.config.ConfigProvider.getConfig()));
        this.secrets = List.copyOf(all);
    }

    /** Every named account's password, in each form it may appear ({@code mailgate.accounts.<name>.password}). */
    static List<String> accountSecrets(org.eclipse.microprofile.config.Config config) {
        List<String> forms = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            // As a property, or as an environment variable (MAILGATE_ACCOUNTS_<NAME>_PASSWORD).
            boolean dotted = name.startsWith("mailgate.accounts.") && name.endsWith(".password");
            if (dotted || name.startsWith("MAILGATE_ACCOUNTS_") && name.endsWith("_PASSWORD")) {
                String prefix = name.substring(0, name.length() - "password".length());
                forms.addAll(forms(config.getOptionalValue(prefix + (dotted ? "username" : "USERNAME"), String.class)
                        .orElse(""), config.getOptionalValue(name, String.class).orElse("")));
            }
        }
        return forms;
    }

    static List<String> forms(String username, String password) {
        List<String> forms = new ArrayList<>();
        if (password.length() >= 4) {
            Base64.Encoder b64 = Base64.getEncoder();
            forms.add(b64.encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            forms.add(b64.encodeToString((username + "\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            forms.add(b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            forms.add(password);
        }
        return List.copyOf(forms);
    }

    @Override
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
