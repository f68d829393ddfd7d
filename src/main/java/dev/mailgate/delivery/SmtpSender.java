package dev.mailgate.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailgate.compose.ComposedMail;
import dev.mailgate.config.MailgateConfig;
import dev.mailgate.security.SecretScrubber;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * Hands composed mail to the pooled Quarkus reactive mailer, bounded in time, and classifies the result. Going through
 * {@link ReactiveMailer} rather than the raw Vert.x client keeps mock mode and the mailer's own settings working.
 */
@ApplicationScoped
public class SmtpSender {

    private final ReactiveMailer mailer;
    private final DeliveryState state;
    private final SmtpFailureClassifier classifier;
    private final Duration attemptTimeout;

    public SmtpSender(ReactiveMailer mailer, DeliveryState state, SecretScrubber scrubber, MailgateConfig config) {
        this.mailer = mailer;
        this.state = state;
        this.classifier = new SmtpFailureClassifier(scrubber);
        this.attemptTimeout = config.delivery().attemptTimeout();
    }

    /** Each call builds a new lazy pipeline, so a retry around it re-sends instead of replaying a cached result. */
    public Uni<Delivered> send(ComposedMail composed) {
        return Uni.createFrom().deferred(() -> mailer.send(composed.mail()))
                .ifNoItem().after(attemptTimeout).failWith(() -> new DeliveryException(Outcome.TIMEOUT, null, null,
                        "The SMTP server did not complete the transaction within " + attemptTimeout.toMillis() + " ms."))
                .onFailure().transform(classifier::classify)
                .onFailure(DeliveryException.class).invoke(e -> state.failure((DeliveryException) e))
                .invoke(state::success)
                .replaceWith(() -> new Delivered(composed.messageId(), composed.recipients(), 1));
    }
}
