package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.support.JsonLogProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With JSON logging on, the send's log line carries the caller's request id, the Message-ID, and the trace and span
 * ids (of the caller's trace, when it sent a traceparent) in the MDC.
 */
@QuarkusTest
@TestProfile(JsonLogProfile.class)
class JsonLogTest {

    @Test
    void sendLogCarriesRequestAndMessageIds() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        String messageId = given().header("X-Request-Id", "req-json-42").contentType(ContentType.JSON)
                .header("traceparent", "00-" + trace + "-b7ad6b7169203331-01")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(200).extract().path("messageId");
        Thread.sleep(300);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(Path.of(JsonLogProfile.LOG_FILE));
        boolean found = false;
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            if (entry.path("message").asText().startsWith("sent to 1 recipient")) {
                found = "req-json-42".equals(entry.path("mdc").path("requestId").asText())
                        && messageId.equals(entry.path("mdc").path("messageId").asText())
                        && trace.equals(entry.path("mdc").path("traceId").asText())
                        && entry.path("mdc").path("spanId").asText().matches("[0-9a-f]{16}");
            }
        }
        assertTrue(found, "no JSON log line with both ids in:\n" + String.join("\n", lines));
    }
}
