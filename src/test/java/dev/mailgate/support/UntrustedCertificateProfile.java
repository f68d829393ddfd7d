package dev.mailgate.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** GreenMail's self-signed certificate, and nothing that trusts it: delivery must refuse the connection. */
public class UntrustedCertificateProfile implements QuarkusTestProfile {

    public static class Resource extends GreenMailResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.remove("quarkus.mailer.tls-configuration-name");
            config.remove("quarkus.tls.greenmail.trust-all");
            return config;
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
