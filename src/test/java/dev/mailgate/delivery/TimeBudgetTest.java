package dev.mailgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mailgate.compose.ComposedMail;
import io.quarkus.mailer.Mail;

class TimeBudgetTest {

    final TimeBudget budget = new TimeBudget(Duration.ofSeconds(15), Duration.ofSeconds(30), 1024 * 1024);

    static ComposedMail ofSize(long bytes) {
        return new ComposedMail(new Mail(), "<id@test>", "a@test", List.of("b@test"), List.of(), bytes,
                new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicReference<>(),
                false, null, null);
    }

    @Test
    void smallMessagesGetTheConfiguredBounds() {
        assertEquals(Duration.ofSeconds(15), budget.attempt(ofSize(2_000)).withNanos(0));
        assertEquals(Duration.ofSeconds(30), budget.deadline(ofSize(2_000)).withNanos(0));
    }

    @Test
    void largeMessagesGetTheirBase64UploadTimeOnTop() {
        // 24 MiB is 32 MiB in base64: 32 s at 1 MiB/s.
        ComposedMail big = ofSize(24L * 1024 * 1024);
        assertEquals(Duration.ofSeconds(47), budget.attempt(big));
        assertEquals(Duration.ofSeconds(62), budget.deadline(big));
    }
}
