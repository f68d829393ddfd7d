package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultBulkheadProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A full bulkhead (one transaction running, one queued) answers the next send with 429 at once, and sends nothing. */
@QuarkusTest
@TestProfile(FaultBulkheadProfile.class)
class BulkheadTest {

    @TestHTTPResource("/api/v1/messages")
    URI messages;

    @Test
    void aFullBulkheadAndQueueAnswer429WithRetryAfter() throws Exception {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        // Each transaction holds the only slot for a while, so a second request queues and a third finds no room.
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(1500), 250, "OK"),
                Action.slowReply(Duration.ofMillis(1500), 250, "OK"), Action.slowReply(Duration.ofMillis(1500), 250, "OK"));

        List<HttpResponse<String>> responses = Requests.sendConcurrently(messages, 3);
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(200, 200, 429), statuses, "two sent in turn, one turned away");
        HttpResponse<String> busy = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertEquals("application/problem+json", busy.headers().firstValue("Content-Type").orElse(""));
        assertTrue(busy.body().contains("urn:mailgate:problem:busy"), busy.body());
        assertTrue(busy.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        assertEquals(2, server.accepted(), "the turned-away message never reached the server");
    }
}
