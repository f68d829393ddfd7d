package dev.mailgate.support;

import java.util.Map;

/** The fault server behind the outbox, with short retry waits so that schedules play out within a test. */
public class FaultOutboxProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of("mailgate.outbox.retry-initial", "300ms", "mailgate.outbox.retry-max", "1s",
                "mailgate.outbox.poll-interval", "100ms", "mailgate.outbox.login-check-interval", "400ms"));
    }
}
