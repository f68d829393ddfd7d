package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Sends that time out while waiting for mailgate's own (only) pooled connection never reached the server: they are
 * retried, and they must not trip the circuit breaker as if the server were down.
 */
@QuarkusTest
@TestProfile(PoolWaitTest.OneConnection.class)
class PoolWaitTest {

    public static class OneConnection extends FaultServerProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with(Map.of("quarkus.mailer.max-pool-size", "1"));
        }
    }

    @TestHTTPResource("/api/v1/messages")
    URI messages;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void sendsQueuedBehindASlowOneAreRetriedWithoutOpeningTheBreaker() {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        breakers.resetAll();
        // The first send holds the only connection past the 1 s attempt timeout; the other four queue behind it.
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(1_500), 250, "OK"));

        List<Integer> statuses = Requests.sendConcurrently(messages, 5).stream().map(HttpResponse::statusCode)
                .sorted().toList();

        assertEquals(List.of(200, 200, 200, 200, 504), statuses, "only the send the server held is uncertain");
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(Accounts.DEFAULT_BREAKER));
    }
}
