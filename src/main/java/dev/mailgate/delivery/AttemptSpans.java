package dev.mailgate.delivery;

import java.util.Locale;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** What an SMTP attempt's span says about its end. */
final class AttemptSpans {

    private AttemptSpans() {
    }

    /** The attempt's outcome, its SMTP reply code, and how far it got: before the final dot, past it, or unknown. */
    static void ended(Span span, Throwable f) {
        if (f instanceof DeliveryException d) {
            span.setAttribute("mailgate.outcome", d.outcome().name().toLowerCase(Locale.ROOT));
            if (d.smtpCode() != null) {
                span.setAttribute("mailgate.smtp.code", d.smtpCode());
            }
            span.setAttribute("mailgate.smtp.phase", switch (d.outcome()) {
                case UNCERTAIN -> "after-final-dot";
                case TIMEOUT -> "unknown";
                default -> "before-final-dot";
            });
            span.setStatus(StatusCode.ERROR, d.getMessage() == null ? "" : d.getMessage());
        } else if (f != null) {
            span.setAttribute("mailgate.outcome", "error");
            span.setStatus(StatusCode.ERROR);
        } else {
            span.setAttribute("mailgate.outcome", "sent").setAttribute("mailgate.smtp.code", 250L)
                    .setAttribute("mailgate.smtp.phase", "accepted");
        }
        span.end();
    }
}
