package dev.mailgate.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.FaultPoolProfile;
import dev.mailgate.support.FaultServerProfile;
import dev.mailgate.support.FaultSmtpServer.Action;
import dev.mailgate.support.FaultSmtpServer.Step;
import dev.mailgate.support.Requests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With one pooled connection, concurrent sends queue for it and all go out over that single login. */
@QuarkusTest
@TestProfile(FaultPoolProfile.class)
class ConnectionPoolTest {

    @TestHTTPResource("/api/v1/messages")
    URI messages;

    @Test
    void concurrentSendsShareTheOnlyConnectionInTurn() {
        var server = FaultServerProfile.Resource.server();
        server.reset();
        server.on(Step.DOT, Action.slowReply(Duration.ofMillis(200), 250, "OK"),
                Action.slowReply(Duration.ofMillis(200), 250, "OK"), Action.slowReply(Duration.ofMillis(200), 250, "OK"),
                Action.slowReply(Duration.ofMillis(200), 250, "OK"));

        List<Integer> statuses = Requests.sendConcurrently(messages, 4).stream().map(HttpResponse::statusCode).toList();

        assertEquals(List.of(200, 200, 200, 200), statuses);
        assertEquals(4, server.accepted());
        assertEquals(1, server.connections(), "one connection, reused by every send");
    }
}
