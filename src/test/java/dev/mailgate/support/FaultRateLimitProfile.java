package dev.mailgate.support;

import java.util.Map;

/** The fault server with a tiny rate limit (3 per minute) and daily quota (2), to run into both quickly. */
public class FaultRateLimitProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of(
                FT + "rate-limit.value", "3",
                "mailgate.delivery.daily-quota", "2"));
    }
}
