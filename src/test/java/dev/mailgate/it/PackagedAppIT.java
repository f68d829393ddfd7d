package dev.mailgate.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.CurlForm;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The packaged application, exercised the way clients use it. It is also the training workload for the JDK 25 AOT
 * cache: ./mvnw verify -Paot records what these requests load and compile into target/quarkus-app/app.aot.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppIT.Resource.class)
class PackagedAppIT {

    public static class Resource extends GreenMailResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("mailgate.auth.enabled", "false");
            try {
                config.put("mailgate.store.path", java.nio.file.Files.createTempDirectory("mailgate-it").toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return config;
        }
    }

    /** The asynchronous path too, so that the AOT cache is trained on the outbox as well. */
    @Test
    void queuesAndDeliversAnAsynchronousMessage() throws Exception {
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"async\",\"text\":\"queued\"}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");
        dev.mailgate.support.Await.status(id, "sent", java.time.Duration.ofSeconds(30));
        given().get("/api/v1/messages?status=sent").then().statusCode(200);
    }

    @Test
    void sendsEveryKindOfMessage() {
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"subject":"构建报告","text":"passed","html":"<b>passed</b>",
                 "attachments":[{"filename":"报告.txt","contentType":"text/plain","content":"5oql5ZGKCg=="}]}""")
                .post("/api/v1/messages").then().statusCode(200).body("status", equalTo("sent"));
        given().contentType(ContentType.JSON).body("""
                {"to":["oncall@example.com"],"template":{"name":"alert","data":{"severity":"WARNING","service":"api",
                 "summary":"slow","occurredAt":"2026-11-26T08:00:00Z"}}}""")
                .post("/api/v1/messages").then().statusCode(200);
        byte[] form = new CurlForm().field("to", "alice@example.com").field("subject", "multipart").field("text", "hi")
                .file("attachment", "a.pdf", "application/pdf", "%PDF-1.4".getBytes()).build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"to\":[\"bad\"]}").post("/api/v1/messages").then().statusCode(400);
        given().get("/api/v1/templates").then().statusCode(200).body("name", hasItem("log-digest"));
        given().contentType(ContentType.JSON).body("{\"data\":{\"code\":\"1234\",\"validMinutes\":5,\"product\":\"x\"}}")
                .post("/api/v1/templates/verification-code/preview").then().statusCode(200);
        given().get("/templates").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    /** The packaged jar takes over Quarkus' URI check too: a raw Message-ID in a query gets a problem, not a bare 400. */
    @Test
    void aRawMessageIdInTheQueryGetsAProblem() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.getOutputStream().write(("GET /api/v1/messages?messageId=<abc@mailgate.test> HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(response.startsWith("HTTP/1.1 400"), response);
            org.junit.jupiter.api.Assertions.assertTrue(response.contains("urn:mailgate:problem:invalid-request-target"),
                    response);
        }
    }
}
