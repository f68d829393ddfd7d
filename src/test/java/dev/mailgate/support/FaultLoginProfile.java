package dev.mailgate.support;

import java.util.Map;

/** The fault server, with mailgate allowed only AUTH LOGIN (what Office365 offers besides XOAUTH2). */
public class FaultLoginProfile extends FaultServerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return with(Map.of("quarkus.mailer.auth-methods", "LOGIN"));
    }
}
