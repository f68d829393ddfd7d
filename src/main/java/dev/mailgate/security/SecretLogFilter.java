package dev.mailgate.security;

import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Last line of defence for the logs: removes the SMTP passwords, plain or base64, from every record the console and
 * file handlers write. Libraries log SMTP replies verbatim (Vert.x warns on each failed AUTH), and a server may echo
 * what it was sent. API keys need no scrubbing here: mailgate never logs a presented key.
 */
@LoggingFilter(name = "mailgate-secrets")
public final class SecretLogFilter implements Filter {

    private final SecretScrubber scrubber;

    public SecretLogFilter(@ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password) {
        this.scrubber = new SecretScrubber(username, password);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String scrubbed = scrubber.apply(message);
            if (message != null && !message.equals(scrubbed)) {
                ext.setMessage(scrubbed, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }
}
