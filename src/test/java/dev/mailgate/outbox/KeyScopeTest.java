package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A key sees its own messages only: another key's id is a 404 like an unknown one, and is not in its list. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class KeyScopeTest {

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void anotherKeysMessageIsNotFound() {
        String id = as(SecuredProfile.KEY).contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"to\":[\"alice@example.com\"],\"text\":\"mine\"}").post("/api/v1/messages").then()
                .statusCode(202).extract().path("id");
        Await.status(as(SecuredProfile.KEY), id, "sent", Duration.ofSeconds(15));

        as(SecuredProfile.KEY).get("/api/v1/messages/" + id).then().statusCode(200).body("id", equalTo(id));
        String unknown = as(SecuredProfile.LIMITED_KEY).get("/api/v1/messages/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).extract().asString();
        String other = as(SecuredProfile.LIMITED_KEY).get("/api/v1/messages/" + id).then().statusCode(404)
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(unknown, other, "indistinguishable from an unknown id");
        as(SecuredProfile.LIMITED_KEY).delete("/api/v1/messages/" + id).then().statusCode(404);
        as(SecuredProfile.LIMITED_KEY).post("/api/v1/messages/" + id + "/retry").then().statusCode(404);
        as(SecuredProfile.LIMITED_KEY).get("/api/v1/messages").then().statusCode(200)
                .body("messages.id", not(hasItem(id)));
        as(SecuredProfile.KEY).get("/api/v1/messages").then().statusCode(200).body("messages.id", hasItem(id));
        given().get("/api/v1/messages/" + id).then().statusCode(401);
    }
}
