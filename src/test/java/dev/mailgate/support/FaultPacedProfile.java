package dev.mailgate.support;

import java.util.Map;

/** The outbox against a provider that allows 5 sends a second: mailgate's rate limit is set to match. */
public class FaultPacedProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of(FT + "rate-limit.value", "5", FT + "rate-limit.window", "1s",
                "mailgate.outbox.poll-interval", "100ms",
                "mailgate.outbox.retry-initial", "300ms", "mailgate.outbox.retry-max", "1s"));
    }
}
