package dev.mailgate.config;

import java.util.List;

/** Start-up failure carrying every configuration problem at once. */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(List<String> problems) {
        super("mailgate cannot start, " + problems.size() + " configuration problem(s):\n  - "
                + String.join("\n  - ", problems));
    }
}
