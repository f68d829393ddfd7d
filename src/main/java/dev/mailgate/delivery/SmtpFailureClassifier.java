package dev.mailgate.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLException;

import dev.mailgate.smtp.NotStartedException;
import dev.mailgate.smtp.NothingSentException;
import io.vertx.ext.mail.SMTPException;

/**
 * Maps whatever an SMTP attempt failed with to an {@link Outcome}. Table-driven on the reply code, the phase
 * (which the SMTP client names in the SMTPException message) and, for throttling, the reply text
 * ({@link ThrottleSignals}): providers signal rate limits with codes that otherwise mean "permanent" (QQ:
 * {@code 550 Connection frequency limited}).
 */
public final class SmtpFailureClassifier {

    private final UnaryOperator<String> scrubber;

    public SmtpFailureClassifier(UnaryOperator<String> scrubber) {
        this.scrubber = scrubber;
    }

    public DeliveryException classify(Throwable failure) {
        if (failure instanceof DeliveryException d) {
            return d;
        }
        if (failure instanceof NotStartedException) {
            return new ReleasedException();
        }
        if (failure instanceof dev.mailgate.smtp.LostAfterDotException lost) {
            return lostMidTransaction(lost.getCause());
        }
        Throwable cause = failure instanceof NothingSentException n ? n.getCause() : null;
        if (cause instanceof dev.mailgate.smtp.ClaimLostException) {
            // Not the server's doing: nothing to retry, nothing for the breaker, no other account.
            return new ReleasedException("The message's claim was lost before its final dot. Nothing was sent.");
        }
        if (cause instanceof dev.mailgate.smtp.StaleConnectionException) {
            return staleConnection(); // a new connection to the same account, not the next account
        }
        if (failure instanceof NothingSentException before) {
            return beforeTransaction(before.getCause());
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return fromReply(smtp);
            }
            if (t instanceof SSLException && handshakeTimedOut(t)) {
                // The server took the connection and never answered the handshake: silence, not a TLS problem.
                return DeliveryException.of(Outcome.TRANSIENT, null, null, "The SMTP server accepted the connection"
                        + " but did not complete the TLS handshake in time. Nothing was sent.");
            }
            if (t instanceof SSLException) {
                return DeliveryException.of(Outcome.CONFIGURATION, null, null,
                        "TLS with the SMTP server failed (" + scrub(t.getMessage()) + "). Check quarkus.mailer.tls"
                                + " (implicit TLS, port 465) versus quarkus.mailer.start-tls (port 587), and the trusted"
                                + " certificates (quarkus.mailer.tls-configuration-name).");
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return DeliveryException.of(Outcome.TRANSIENT, null, null,
                        "Could not connect to the SMTP server: " + scrub(t.getMessage()));
            }
            if (t instanceof ClosedChannelException) {
                return staleConnection();
            }
            if (t instanceof IOException) {
                return lostMidTransaction(t);
            }
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("starttls") || lower.contains("auth methods") || lower.contains("no credentials")) {
            return DeliveryException.of(Outcome.CONFIGURATION, null, null,
                    "SMTP session set-up failed: " + scrub(message));
        }
        if (lower.startsWith("connection was closed")) {
            // Vert.x says this when it finds the connection already dead as it starts to write: typically a pooled
            // connection the server closed while idle. Nothing of this message went out, so a retry is safe.
            return staleConnection();
        }
        if (lower.contains("closed")) {
            return lostMidTransaction(failure);
        }
        return DeliveryException.of(Outcome.TRANSIENT, null, null, "SMTP delivery failed: " + scrub(message));
    }

    /**
     * The attempt failed before its final dot, so nothing was delivered. A server reply still decides (535 is
     * a login failure, 421 is transient), and so do TLS and set-up errors; a lost connection or a timeout is transient.
     */
    private DeliveryException beforeTransaction(Throwable t) {
        DeliveryException d = classify(t);
        if (d.outcome() != Outcome.UNCERTAIN && d.outcome() != Outcome.TIMEOUT) {
            return d;
        }
        return DeliveryException.of(Outcome.TRANSIENT, null, null, "The SMTP connection failed before the message was"
                + " complete (" + scrub(t.getMessage()) + "), so the server discarded it. Nothing was sent.");
    }

    /**
     * The socket closed or reset while a transaction was running. The Vert.x client does not say whether that was before
     * or after the data, so it may already have been accepted: retrying could deliver twice.
     */
    private DeliveryException lostMidTransaction(Throwable t) {
        return DeliveryException.of(Outcome.UNCERTAIN, null, null,
                "The connection to the SMTP server was lost during the transaction (" + scrub(t.getMessage()) + ").");
    }

    private DeliveryException staleConnection() {
        return new DeliveryException.Stale("The SMTP connection was closed before the message was sent.");
    }

    private DeliveryException fromReply(SMTPException e) {
        int code = e.getReplyCode();
        String reply = scrub(String.join(" ", e.getReplyMessages() == null ? List.of() : e.getReplyMessages()));
        String phase = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        Outcome outcome = outcomeOf(code, phase, reply);
        String message = "The SMTP server replied " + reply;
        return inTransaction(phase) ? DeliveryException.answered(outcome, code, reply, message)
                : DeliveryException.of(outcome, code, reply, message);
    }

    /** A refusal of MAIL, RCPT, DATA or the message: the session worked, so the server is up. */
    private static boolean inTransaction(String phase) {
        return phase.startsWith("sender address not accepted") || phase.startsWith("recipient address not accepted")
                || phase.startsWith("data command not accepted") || phase.startsWith("sending data failed");
    }

    /** Netty's SslHandshakeTimeoutException, anywhere in the chain (Vert.x wraps it), known by name. */
    private static boolean handshakeTimedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t.getClass().getSimpleName().equals("SslHandshakeTimeoutException") || message.contains("handshake timed out")) {
                return true;
            }
        }
        return false;
    }

    /** The table. {@code phase} is the Vert.x exception message, which names the SMTP command that failed. */
    static Outcome outcomeOf(int code, String phase, String reply) {
        if (code == 530 || code == 534 || code == 535) {
            return Outcome.AUTH_FAILED;
        }
        if (ThrottleSignals.isThrottle(code, reply)) {
            return Outcome.RATE_LIMITED;
        }
        if (code >= 400 && code < 500) {
            return Outcome.TRANSIENT;
        }
        if (phase.startsWith("sender address not accepted")) {
            return Outcome.SENDER_REJECTED;
        }
        if (phase.startsWith("recipient address not accepted")) {
            return Outcome.PERMANENT_RECIPIENT;
        }
        if (phase.startsWith("data command not accepted") || phase.startsWith("sending data failed")) {
            return Outcome.PERMANENT_CONTENT;
        }
        if (phase.startsWith("got error response") || phase.startsWith("helo failed") || phase.startsWith("auth")) {
            return Outcome.CONFIGURATION;
        }
        return Outcome.PERMANENT_CONTENT;
    }

    private String scrub(String s) {
        return s == null ? "" : scrubber.apply(s);
    }
}
