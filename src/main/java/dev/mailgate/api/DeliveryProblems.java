package dev.mailgate.api;

import dev.mailgate.delivery.DeliveryException;
import dev.mailgate.delivery.Outcome;
import dev.mailgate.delivery.ThrottledException;

/** Delivery outcomes to HTTP: the status says who must act, the hint says how. */
final class DeliveryProblems {

    record Mapped(Problem problem, Integer retryAfterSeconds) {
    }

    private final String provider;

    DeliveryProblems(String provider) {
        this.provider = provider;
    }

    Mapped map(DeliveryException e) {
        Outcome o = e.outcome();
        int status = switch (o) {
            case PERMANENT_RECIPIENT, PERMANENT_CONTENT -> 422;
            case RATE_LIMITED -> 429;
            case TRANSIENT -> 503;
            case TIMEOUT -> 504;
            default -> 502;
        };
        String title = switch (o) {
            case PERMANENT_RECIPIENT -> "Recipient rejected";
            case PERMANENT_CONTENT -> "Message rejected";
            case RATE_LIMITED -> "Rate limited by the SMTP provider";
            case TRANSIENT -> "SMTP server unavailable";
            case TIMEOUT -> "SMTP server timed out";
            case AUTH_FAILED -> "SMTP authentication failed";
            case SENDER_REJECTED -> "Sender rejected";
            case UNCERTAIN -> "Delivery uncertain";
            default -> "SMTP configuration error";
        };
        // A throttled send comes back when the provider's gate opens, which is what Retry-After says.
        Integer retryAfter = switch (o) {
            case RATE_LIMITED -> (int) (e instanceof ThrottledException t ? t.retryAfterSeconds()
                    : e.retryAfterSeconds() == null ? 1 : e.retryAfterSeconds());
            case TRANSIENT -> 30;
            default -> null;
        };
        Problem p = new Problem("urn:mailgate:problem:" + o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                title, status, e.getMessage(), null, o.name().toLowerCase(java.util.Locale.ROOT), e.smtpCode(),
                e.smtpReply(), hint(o, e.account()), e.attempts(), null, null, e.account());
        return new Mapped(p, retryAfter);
    }

    private String hint(Outcome o, String account) {
        if (account != null && !dev.mailgate.delivery.Accounts.DEFAULT.equals(account)) {
            String p = "mailgate.accounts." + account + ".";
            switch (o) {
                case AUTH_FAILED:
                    return "Check " + p + "username and " + p + "password; QQ Mail and 163 need the authorization code"
                            + " (授权码), providers with 2-step verification an app password.";
                case SENDER_REJECTED:
                    return "Send from the account's own address, or remove the address from " + p + "senders.";
                case CONFIGURATION:
                    return "Check " + p + "host, port, tls and start-tls.";
                default:
                    break;
            }
        }
        return switch (o) {
            case AUTH_FAILED -> "qq".equals(provider) || "qq-starttls".equals(provider) || "163".equals(provider)
                    ? "QQ Mail and 163 need the authorization code (授权码) from the mailbox settings"
                            + " (POP3/IMAP/SMTP service), not the account password. Set MAILGATE_SMTP_PASSWORD to it."
                    : "Check MAILGATE_SMTP_USERNAME and MAILGATE_SMTP_PASSWORD; providers with 2-step verification"
                            + " need an app password.";
            case SENDER_REJECTED -> "Send from the SMTP login address; most providers refuse any other sender.";
            case CONFIGURATION -> "Check the host, port and TLS settings (quarkus.mailer.*).";
            case PERMANENT_RECIPIENT, PERMANENT_CONTENT -> "Do not retry unchanged.";
            case RATE_LIMITED, TRANSIENT -> "Retry after the Retry-After delay.";
            case TIMEOUT -> "The message may still have been delivered; check before resending.";
            case UNCERTAIN -> "The message may have been delivered; check the recipient mailbox before resending.";
            default -> null;
        };
    }
}
