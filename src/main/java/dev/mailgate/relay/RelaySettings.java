package dev.mailgate.relay;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.StartupCheck;

/** The SMTP listener's settings, checked at start-up in every mode. */
@ApplicationScoped
public class RelaySettings implements StartupCheck {

    private final MailgateConfig config;

    public RelaySettings(MailgateConfig config) {
        this.config = config;
    }

    @Override
    public List<String> problems() {
        return RelayRules.problems(config.relay(), config.auth().enabled());
    }
}
