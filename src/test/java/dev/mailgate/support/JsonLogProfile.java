package dev.mailgate.support;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** GreenMail, with JSON logs written to a file. */
public class JsonLogProfile implements QuarkusTestProfile {

    public static final String LOG_FILE = "target/json-log-test.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG_FILE,
                "quarkus.log.file.json.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GreenMailResource.class));
    }
}
