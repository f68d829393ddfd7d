package dev.mailgate.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** GreenMail up, but mailgate logs in with a password the server refuses. */
public class WrongPasswordProfile implements QuarkusTestProfile {

    public static final String WRONG = "wrong-secret-password-9f8e7d";

    public static class Resource extends GreenMailResource {
        @Override
        protected String password() {
            return WRONG;
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
