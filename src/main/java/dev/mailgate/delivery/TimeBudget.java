package dev.mailgate.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.config.MailgateConfig;

/** The time bounds for one message: the configured ones, plus its upload time at the slowest rate allowed. */
@ApplicationScoped
public class TimeBudget {

    private final Duration attemptTimeout;
    private final Duration deadline;
    private final long bytesPerSecond;

    @Inject
    public TimeBudget(MailgateConfig config) {
        this(config.delivery().attemptTimeout(), config.delivery().deadline(),
                config.delivery().minUploadRate().asLongValue());
    }

    TimeBudget(Duration attemptTimeout, Duration deadline, long bytesPerSecond) {
        this.attemptTimeout = attemptTimeout;
        this.deadline = deadline;
        this.bytesPerSecond = Math.max(1, bytesPerSecond);
    }

    /** One SMTP attempt, from asking for a connection to the server's last reply. */
    public Duration attempt(ComposedMail mail) {
        return attemptTimeout.plus(upload(mail));
    }

    /** The time a send must still have when it stops waiting for the throttle gate, for its attempt. */
    public Duration reserve() {
        Duration cap = Duration.ofSeconds(5);
        return attemptTimeout.compareTo(cap) < 0 ? attemptTimeout : cap;
    }

    /** All attempts and the waits between them: when the HTTP caller gets an answer at the latest. */
    public Duration deadline(ComposedMail mail) {
        return deadline.plus(upload(mail));
    }

    private Duration upload(ComposedMail mail) {
        // Base64 makes the data a third larger on the wire.
        return Duration.ofMillis(mail.size() * 4 / 3 * 1000 / bytesPerSecond);
    }
}
