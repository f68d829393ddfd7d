package dev.mailgate.support;

import java.util.Map;

/** The fault server with an overall deadline shorter than one attempt, so the deadline is what ends a hang. */
public class FaultDeadlineProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of("mailgate.delivery.attempt-timeout", "10s", "mailgate.delivery.deadline", "1s"));
    }
}
