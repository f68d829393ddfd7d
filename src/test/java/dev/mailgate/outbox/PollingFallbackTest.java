package dev.mailgate.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Notifications are only a hint. With none at all (no listener, as behind a transaction-mode pooler), a message
 * another replica queued without a NOTIFY is still found by polling, within the poll interval.
 */
@OnPostgres
@QuarkusTest
@TestProfile(PollingFallbackTest.Profile.class)
class PollingFallbackTest {

    public static class Profile extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of("mailgate.store.listen", "false", "mailgate.outbox.poll-interval", "2s"));
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

    @Test
    void withoutNotificationsPollingStillDelivers() throws Exception {
        FaultSmtpServer server = FaultServerProfile.fresh(breakers, gate);
        String template = QueueListenerTest.template();
        assertEquals(List.of(), OtherReplica.listeners(), "no listener");
        String copy = OtherReplica.queueCopyOf(template, false);
        long start = System.nanoTime();
        Await.until("the unannounced message arrived", Duration.ofSeconds(10),
                () -> server.acceptedMessageIds().contains(copy));
        System.out.printf("polling fallback: delivered %d ms after it was queued (poll interval 2 s)%n",
                (System.nanoTime() - start) / 1_000_000);
    }
}
