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

    /** Sends the minimal request n times at once, each on its own connection, and waits for every answer. */
    public static java.util.List<java.net.http.HttpResponse<String>> sendConcurrently(java.net.URI messages, int n) {
        var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        var sends = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> client.sendAsync(java.net.http.HttpRequest.newBuilder(messages)
                        .timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(MINIMAL)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()))
                .toList();
        return sends.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    }

    /** A request that gives up after 20 s, so a hanging gateway fails the test instead of stalling the build. */
    public static ValidatableResponse sendMinimal() {
        return given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 20_000).setParam("http.connection.timeout", 5_000)))
                .contentType(ContentType.JSON).body(MINIMAL).post("/api/v1/messages").then();
    }
}
