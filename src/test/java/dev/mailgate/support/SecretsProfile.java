package dev.mailgate.support;

import java.util.List;
import java.util.Map;

/** Keys on, GreenMail refusing the SMTP password (535), and the log captured in a file. */
public class SecretsProfile extends SecuredProfile {

    public static final String LOG_FILE = "target/secrets-test.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
        config.put("quarkus.log.file.path", LOG_FILE);
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WrongPasswordProfile.Resource.class));
    }
}
