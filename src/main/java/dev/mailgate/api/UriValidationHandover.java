package dev.mailgate.api;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;

/**
 * Quarkus refuses a request whose target is not a valid URI (curl sends {@code ?messageId=<id@example.com>} as it is
 * typed) with a bare 400 before any of mailgate's code runs. It lets an application take that check over with the
 * system property {@code vertx.disableURIValidation}; {@link HttpProblemRoutes} then makes the same check first thing
 * and answers with a problem that says how to encode the value. A config source factory is the earliest code an
 * application runs: before the HTTP server's root handler reads the property. It adds no configuration.
 */
public class UriValidationHandover implements ConfigSourceFactory {

    static final String PROPERTY = "vertx.disableURIValidation";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        System.setProperty(PROPERTY, "true");
        return List.of();
    }
}
