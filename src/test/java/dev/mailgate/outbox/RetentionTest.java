package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import dev.mailgate.store.Store;

/**
 * Retention forgets finished messages, content first (a retry then gets 409), record later, and never touches a
 * message that is still waiting.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    MessageStore store;

    @Test
    void contentGoesFirstThenTheRecordAndWaitingMessagesStay() throws Exception {
        String sent = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\"}").post("/api/v1/messages").then()
                .statusCode(202).extract().path("id");
        Await.status(sent, "sent", Duration.ofSeconds(15));
        String waiting = given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"sendAt\":\""
                        + java.time.OffsetDateTime.now().plusDays(20) + "\"}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");

        assertFalse(store.find(sent, Optional.empty()).orElseThrow().bodyDeleted());
        // As if 8 days had passed: past body retention (7 d), within record retention (30 d).
        retention.run(Instant.now().plus(Duration.ofDays(8))).toCompletableFuture().get();
        given().get("/api/v1/messages/" + sent).then().statusCode(200);
        assertTrue(store.find(sent, Optional.empty()).orElseThrow().bodyDeleted(), "the content is gone");
        assertFalse(store.find(waiting, Optional.empty()).orElseThrow().bodyDeleted(), "a waiting message keeps it");
        given().get("/api/v1/messages/" + waiting).then().statusCode(200);

        // As if 31 days had passed.
        retention.run(Instant.now().plus(Duration.ofDays(31))).toCompletableFuture().get();
        given().get("/api/v1/messages/" + sent).then().statusCode(404);
        given().get("/api/v1/messages/" + waiting).then().statusCode(200);
        given().delete("/api/v1/messages/" + waiting).then().statusCode(200);
    }

    @Inject
    Store backend;

    /**
     * Should a message ever lose its stored content while it can still be sent (retention racing a retry on another
     * replica), it is kept and not sent, rather than sent with its attachments cut short.
     */
    @Test
    void aMessageWhoseContentIsIncompleteIsNeverSentWithoutIt() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"x\",\"sendAt\":\""
                        + java.time.OffsetDateTime.now().plusDays(1) + "\",\"attachments\":[{\"filename\":\"a.txt\","
                        + "\"contentType\":\"text/plain\",\"content\":\"aGVsbG8gd29ybGQ=\"}]}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");
        try (java.sql.Connection c = backend.connection();
                java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM message_part WHERE message_id = ?")) {
            ps.setString(1, id);
            org.junit.jupiter.api.Assertions.assertEquals(1, ps.executeUpdate());
        }
        given().contentType(ContentType.JSON).body("{\"sendAt\":\"" + Instant.now() + "\"}")
                .patch("/api/v1/messages/" + id).then().statusCode(200);
        Await.status(id, "retrying", Duration.ofSeconds(15));
        given().get("/api/v1/messages/" + id).then()
                .body("error.message", org.hamcrest.Matchers.containsString("incomplete"));
        given().delete("/api/v1/messages/" + id).then().statusCode(200);
    }
}
