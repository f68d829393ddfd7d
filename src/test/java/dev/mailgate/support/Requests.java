package dev.mailgate.support;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The smallest valid send request, for tests about what happens around it. */
public final class Requests {

    public static final String MINIMAL = """
            {"to":["alice@example.com"],"subject":"x","text":"x"}""";

    private Requests() {
    }

    /** A request that gives up after 20 s, so a hanging gateway fails the test instead of stalling the build. */
    public static ValidatableResponse sendMinimal() {
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 20_000).setParam("http.connection.timeout", 5_000)))
                .contentType(ContentType.JSON).body(MINIMAL).post("/api/v1/messages").then();
    }
}
