package dev.mailgate.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether mail is captured (the Quarkus mailer's mock mode, its default in dev and test) or really sent. */
@ApplicationScoped
public class MailMode {

    private final boolean mock;

    public MailMode(@ConfigProperty(name = "quarkus.mailer.mock") Optional<Boolean> mock) {
        this.mock = mock.orElse(LaunchMode.current().isDevOrTest());
    }

    public boolean mock() {
        return mock;
    }
}
