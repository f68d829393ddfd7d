package dev.mailgate.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.StartupCheck;

/** The webhook endpoints' settings, checked at start-up in every mode. */
@ApplicationScoped
public class WebhookSettings implements StartupCheck {

    private final MailgateConfig config;

    public WebhookSettings(MailgateConfig config) {
        this.config = config;
    }

    @Override
    public List<String> problems() {
        return Endpoints.problems(config.webhooks(), config.auth().keys().keySet(), config.auth().enabled());
    }
}
