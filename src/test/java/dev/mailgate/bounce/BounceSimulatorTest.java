package dev.mailgate.bounce;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Mock mode: messages to the simulator's addresses come back as bounces a few seconds later, through the parser and
 * the effects a mailbox's bounces go through, so webhook handlers and the suppression list can be tried locally.
 */
@QuarkusTest
class BounceSimulatorTest {

    private static String send(String... to) {
        StringBuilder list = new StringBuilder();
        for (String t : to) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(t).append('"');
        }
        return given().contentType(ContentType.JSON).body("{\"to\":[" + list + "],\"subject\":\"sim\",\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(200).extract().path("id");
    }

    private static JsonPath recipientSettled(String id, String address) {
        JsonPath[] last = new JsonPath[1];
        Await.until(() -> "a result for " + address + " in " + (last[0] == null ? "" : last[0].prettify()),
                Duration.ofSeconds(20), () -> {
                    last[0] = given().get("/api/v1/messages/" + id).then().statusCode(200).extract().jsonPath();
                    return !"sent".equals(last[0].getString("recipients.find { it.address == '" + address
                            + "' }.status"));
                });
        return last[0];
    }

    @Test
    void aHardBounceBouncesTheMessageSuppressesTheAddressAndRefusesTheNextSend() {
        String address = "bounced+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.mailgate.test";
        String id = send(address);
        JsonPath m = recipientSettled(id, address);

        assertEquals("bounced", m.getString("status"), m.prettify());
        assertEquals("bounced", m.getString("recipients[0].status"));
        assertEquals("hard", m.getString("recipients[0].bounceType"));
        assertEquals("5.1.1", m.getString("recipients[0].smtpStatus"));
        assertEquals(true, m.getString("recipients[0].diagnostic").contains("User unknown"));
        assertEquals(List.of("message.bounced"), m.getList("events.type").stream()
                .filter("message.bounced"::equals).toList());
        given().get("/api/v1/suppressions/" + address).then().statusCode(200)
                .body("reason", equalTo("hard_bounce")).body("messageId", equalTo(id))
                .body("diagnostic", containsString("5.1.1"));
        given().get("/api/v1/messages?status=bounced").then().statusCode(200).body("messages.id", hasItem(id));

        // Never sent to a dead address again.
        given().contentType(ContentType.JSON).body("{\"to\":[\"" + address + "\"],\"subject\":\"again\",\"text\":\"x\"}")
                .post("/api/v1/messages").then().statusCode(422).body("type", containsString("recipient-suppressed"));
    }

    @Test
    void aDelayIsReportedButNeitherBouncesNorSuppresses() {
        String address = "delayed+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.mailgate.test";
        String other = "alice-" + UUID.randomUUID() + "@example.com";
        String id = send(address, other);
        JsonPath m = recipientSettled(id, address);

        assertEquals("sent", m.getString("status"));
        assertEquals("delayed", m.getString("recipients.find { it.address == '" + address + "' }.status"));
        assertEquals("soft", m.getString("recipients.find { it.address == '" + address + "' }.bounceType"));
        assertEquals("sent", m.getString("recipients.find { it.address == '" + other + "' }.status"),
                "an address of another domain is sent plainly");
        assertEquals(true, m.getList("events.type").contains("message.delayed"), m.prettify());
        given().get("/api/v1/suppressions/" + address).then().statusCode(404);
    }

    @Test
    void softBouncesSuppressOnlyAtTheLimitWithinTheWindow() {
        String address = "delayed+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.mailgate.test";
        String first = send(address);
        String second = send(address);
        recipientSettled(first, address);
        recipientSettled(second, address);
        given().get("/api/v1/suppressions/" + address).then().statusCode(404); // two of three (the default limit)

        String third = send(address);
        recipientSettled(third, address);
        given().get("/api/v1/suppressions/" + address).then().statusCode(200)
                .body("reason", equalTo("soft_bounce_limit")).body("messageId", equalTo(third));
    }

    @Test
    void aBlockIsABounceOfTheSenderNeverASuppression() {
        String address = "blocked+" + UUID.randomUUID().toString().substring(0, 8) + "@simulator.mailgate.test";
        String id = send(address);
        JsonPath m = recipientSettled(id, address);

        assertEquals("sent", m.getString("status"), "a block says nothing about the address");
        assertEquals("bounced", m.getString("recipients[0].status"));
        assertEquals("block", m.getString("recipients[0].bounceType"));
        given().get("/api/v1/suppressions/" + address).then().statusCode(404);
        given().get("/q/metrics").then().body(containsString("mailgate_bounces_total{account=\"default\",type=\"block\"}"));
    }
}
