package dev.mailgate.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The default test application (mail captured, not sent) with the store on PostgreSQL; shared by several packages. */
public class MockOnPostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return Postgres.withDatabase(List.of());
    }
}
