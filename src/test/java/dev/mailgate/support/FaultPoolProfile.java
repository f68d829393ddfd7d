package dev.mailgate.support;

import java.util.Map;

/** The fault server behind a pool of one SMTP connection, so concurrent sends must wait for it and reuse it. */
public class FaultPoolProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of("quarkus.mailer.max-pool-size", "1", "mailgate.delivery.attempt-timeout", "10s"));
    }
}
