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

/** With JSON logging on, the send's log line carries the caller's request id and the Message-ID in the MDC. */
@QuarkusTest
@TestProfile(JsonLogProfile.class)
class JsonLogTest {

    @Test
    void sendLogCarriesRequestAndMessageIds() throws Exception {
        String messageId = given().header("X-Request-Id", "req-json-42").contentType(ContentType.JSON)
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
                        && messageId.equals(entry.path("mdc").path("messageId").asText());
            }
        }
        assertTrue(found, "no JSON log line with both ids in:\n" + String.join("\n", lines));
    }
}
