package dev.mailgate.support;

import java.util.List;

/** {@link GreenMailProfile} with the store on PostgreSQL: one application for the store tests of several packages. */
public class GreenMailOnPostgresProfile extends GreenMailProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return Postgres.withDatabase(super.testResources());
    }
}
