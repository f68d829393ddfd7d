package dev.mailgate.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.delivery.ThrottleGateAccess;
import dev.mailgate.support.Await;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer;
import dev.mailgate.support.OnPostgres;
import dev.mailgate.support.Postgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * LISTEN/NOTIFY wakes this replica when another one queues a message. The poll interval is 30 s here, so a message
 * delivered within seconds was found because of the notification; after the listener's connection is killed, it
 * reconnects and notifications work again.
 */
@OnPostgres
@QuarkusTest
@TestProfile(QueueListenerTest.Profile.class)
class QueueListenerTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of("mailgate.outbox.poll-interval", "30s"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return Postgres.withDatabase(super.testResources());
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ThrottleGateAccess gate;

    /** A message stored (scheduled a day ahead, so it stays put) for the other replica to copy. */
    static String template() {
        return given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\"],\"subject\":\"from another replica\",\"text\":\"hello\","
                        + "\"sendAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}")
                .post("/api/v1/messages").then().statusCode(202).extract().path("id");
    }

    @Test
    void aNotificationFromAnotherReplicaWakesTheWorkerAndSurvivesALostConnection() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        String template = template();
        Await.until("the listener is connected", Duration.ofSeconds(10), () -> listeners().size() == 1);
        // Let the worker settle into its 30 s wait, so that only a notification can wake it.
        Thread.sleep(1_000);

        String first = OtherReplica.queueCopyOf(template, true);
        Await.until("the notified message arrived", Duration.ofSeconds(8),
                () -> server.acceptedMessageIds().contains(first));

        int before = listeners().getFirst();
        OtherReplica.killListeners();
        Await.until("the listener reconnected", Duration.ofSeconds(10),
                () -> listeners().size() == 1 && listeners().getFirst() != before);
        Thread.sleep(1_000);
        String second = OtherReplica.queueCopyOf(template, true);
        Await.until("the message notified after the reconnect arrived", Duration.ofSeconds(8),
                () -> server.acceptedMessageIds().contains(second));
        assertEquals(1, server.acceptedMessageIds().stream().filter(first::equals).count());
    }

    static List<Integer> listeners() {
        try {
            return OtherReplica.listeners();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
