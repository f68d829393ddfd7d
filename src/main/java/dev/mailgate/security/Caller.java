package dev.mailgate.security;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the API key the request authenticated with, if auth is on. */
@RequestScoped
public class Caller {

    private ApiKey key;

    void authenticated(ApiKey key) {
        this.key = key;
    }

    public Optional<ApiKey> key() {
        return Optional.ofNullable(key);
    }
}
