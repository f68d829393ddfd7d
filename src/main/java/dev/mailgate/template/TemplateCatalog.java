package dev.mailgate.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The templates mailgate offers. Adding one takes a data record, two files under templates/MailTemplates, a method in
 * {@link MailTemplates}, a subject in {@link MailMessages} and one line here; the build checks the rest.
 */
@ApplicationScoped
public class TemplateCatalog {

    private final Map<String, TemplateSpec<?>> specs = new LinkedHashMap<>();

    public TemplateCatalog() {
        add(new TemplateSpec<>("notification", "A user notification with an optional call to action.",
                NotificationData.class, MailTemplates::notification, MailMessages::notificationSubject, true));
        add(new TemplateSpec<>("alert", "A system alert with severity, service, details and an optional runbook link.",
                AlertData.class, MailTemplates::alert, MailMessages::alertSubject, true));
        add(new TemplateSpec<>("verification-code", "A one-time verification code.",
                VerificationCodeData.class, MailTemplates::verificationCode, MailMessages::verificationCodeSubject, false));
        add(new TemplateSpec<>("log-digest", "A list of log entries for a period.",
                LogDigestData.class, MailTemplates::logDigest, MailMessages::logDigestSubject, false));
    }

    private void add(TemplateSpec<?> spec) {
        specs.put(spec.name(), spec);
    }

    public Optional<TemplateSpec<?>> find(String name) {
        return Optional.ofNullable(name == null ? null : specs.get(name));
    }

    public List<TemplateSpec<?>> all() {
        return List.copyOf(specs.values());
    }
}
