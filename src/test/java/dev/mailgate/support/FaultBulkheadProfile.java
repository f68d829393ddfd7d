package dev.mailgate.support;

import java.util.Map;

/** The fault server behind a bulkhead of one SMTP transaction and a queue of one, to fill it with three requests. */
public class FaultBulkheadProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of(
                FT + "bulkhead.value", "1",
                FT + "bulkhead.waiting-task-queue", "1",
                "mailgate.delivery.attempt-timeout", "10s"));
    }
}
