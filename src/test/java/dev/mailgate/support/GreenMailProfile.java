package dev.mailgate.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Tests that deliver to the GreenMail SMTPS server. */
public class GreenMailProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GreenMailResource.class));
    }
}
