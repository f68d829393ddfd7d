package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * POST /api/v1/messages/batch: a hundred messages queued in one call, in order, each delivered once; strict batches
 * refuse everything for one bad element, naming it by index; permissive ones queue the rest.
 */
@QuarkusTest
@TestProfile(FaultServerProfile.class)
class BatchTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    /** n elements, element i to r{i}@example.com; element {@code bad} has an invalid recipient instead. */
    static String batch(int n, int bad) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"to\":[\"").append(i == bad ? "not-an-address" : "r" + i + "@example.com")
                    .append("\"],\"subject\":\"batch ").append(i).append("\",\"text\":\"element ").append(i)
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    /** The id of the newest message in the store, or null. */
    static String newest() {
        List<String> ids = given().get("/api/v1/messages?limit=1").then().statusCode(200).extract().path("messages.id");
        return ids.isEmpty() ? null : ids.getFirst();
    }

    @Test
    void aHundredMessagesAreQueuedInOrderAndEachDeliveredOnce() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        var r = given().contentType(ContentType.JSON).body(batch(100, -1)).post("/api/v1/messages/batch").then()
                .statusCode(202).body("data", hasSize(100)).body("errors", nullValue()).extract();
        List<String> ids = r.path("data.id");
        List<String> messageIds = r.path("data.messageId");
        assertEquals(100, new HashSet<>(ids).size(), "distinct ids");
        for (int i : List.of(0, 37, 99)) {
            given().get("/api/v1/messages/" + ids.get(i)).then().statusCode(200)
                    .body("recipients.address", equalTo(List.of("r" + i + "@example.com")));
        }
        Await.until(() -> "100 arrivals, got " + server.accepted(), Duration.ofSeconds(60),
                () -> server.accepted() >= 100);
        Map<String, Long> arrivals = server.acceptedMessageIds().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        for (String messageId : messageIds) {
            assertEquals(1L, arrivals.getOrDefault(messageId, 0L), messageId + " arrived once");
        }
        Await.status(ids.get(99), "sent", Duration.ofSeconds(15));
    }

    @Test
    void aStrictBatchWithOneBadElementQueuesNothingAndNamesIt() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        Thread.sleep(200); // the record of any earlier synchronous send is in the store by now
        String before = newest();
        given().contentType(ContentType.JSON).body(batch(5, 3)).post("/api/v1/messages/batch").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("messages[3].to[0]")));
        Thread.sleep(500);
        assertEquals(before, newest(), "nothing was stored");
        assertEquals(0, server.accepted(), "nothing was sent");
    }

    @Test
    void aPermissiveBatchQueuesTheGoodElementsAndNamesTheBadOnes() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        var r = given().contentType(ContentType.JSON).body(batch(4, 1)).post("/api/v1/messages/batch?mode=permissive")
                .then().statusCode(202).body("data", hasSize(4)).body("data[1]", nullValue())
                .body("errors.field", hasItem("messages[1].to[0]")).extract();
        Await.until("three arrivals", Duration.ofSeconds(30), () -> server.accepted() >= 3);
        for (int i : List.of(0, 2, 3)) {
            String id = r.path("data[" + i + "].id");
            Await.status(id, "sent", Duration.ofSeconds(15));
            given().get("/api/v1/messages/" + id).then().body("recipients.address", equalTo(List.of("r" + i + "@example.com")));
        }
        assertEquals(3, server.accepted());
    }

    @Test
    void theShapeOfTheBatchItselfIsChecked() {
        given().contentType(ContentType.JSON).body(batch(101, -1)).post("/api/v1/messages/batch").then()
                .statusCode(400).body("errors[0].field", equalTo("messages"))
                .body("errors[0].message", containsString("mailgate.batch.max-size"));
        given().contentType(ContentType.JSON).body("{\"messages\":[],\"mesages\":1}").post("/api/v1/messages/batch")
                .then().statusCode(400).body("errors.field", equalTo(List.of("mesages", "messages")));
        given().contentType(ContentType.JSON).body(batch(1, -1)).post("/api/v1/messages/batch?mode=lenient").then()
                .statusCode(400).body("errors[0].field", equalTo("mode"));
        given().contentType(ContentType.JSON).body("{\"messages\":[{\"to\":[\"alice@example.com\"],\"txt\":\"x\"}]}")
                .post("/api/v1/messages/batch").then().statusCode(400)
                .body("errors.field", hasItem("messages[0].txt"));
    }
}
