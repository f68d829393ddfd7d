package dev.mailgate.config;

import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Start-up failure carrying every configuration problem at once. */
public class InvalidConfigurationException extends ConfigurationException {

    public InvalidConfigurationException(List<String> problems) {
        super("mailgate cannot start, " + problems.size() + " configuration problem(s):\n  - "
                + String.join("\n  - ", problems));
    }
}
