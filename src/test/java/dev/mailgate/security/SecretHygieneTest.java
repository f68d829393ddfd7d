package dev.mailgate.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.SecretsProfile;
import dev.mailgate.support.SecuredProfile;
import dev.mailgate.support.WrongPasswordProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** After an SMTP 535 and a bad API key, no secret is in the response or the log. */
@QuarkusTest
@TestProfile(SecretsProfile.class)
class SecretHygieneTest {

    @Test
    void neitherTheAuthCodeNorAnyKeyLeaks() throws Exception {
        String nearMiss = SecuredProfile.KEY.substring(0, SecuredProfile.KEY.length() - 1) + "Z";
        StringBuilder responses = new StringBuilder();
        responses.append(given().header("Authorization", "Bearer " + SecuredProfile.KEY).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(502).extract().asString());
        responses.append(given().header("Authorization", "Bearer " + nearMiss).contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(401).extract().asString());
        responses.append(given().get("/q/health/ready").then().extract().asString());
        responses.append(given().get("/q/metrics").then().extract().asString());

        Thread.sleep(300); // let the file handler flush
        String log = Files.readString(Path.of(SecretsProfile.LOG_FILE), StandardCharsets.UTF_8);
        assertTrue(log.contains("auth_failed"), "the log should show the SMTP login failure happened");
        assertTrue(log.contains("unknown API key"), "the log should show the rejected key happened");
        String code = WrongPasswordProfile.WRONG;
        List<String> secrets = List.of(code, Base64.getEncoder().encodeToString(code.getBytes(StandardCharsets.UTF_8)),
                SecuredProfile.KEY, nearMiss);
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "log contains a secret");
            assertFalse(responses.toString().contains(secret), "a response contains a secret");
        }
    }
}
