package dev.mailgate.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.restassured.specification.RequestSpecification;

/** Polling, bounded: for things that happen behind a response (a queued message being sent). */
public final class Await {

    private Await() {
    }

    /** Waits until the condition holds, or fails after the timeout saying what was awaited. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(() -> what, timeout, condition);
    }

    /** The same, with the description made at the end (so that it can say what was last seen). */
    public static void until(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
    }

    /** Waits until GET /api/v1/messages/{id} reports the status, and returns it. */
    public static String status(RequestSpecification request, String id, String status, Duration timeout) {
        String[] last = new String[1];
        until(() -> "message " + id + " to be " + status + " (last seen: " + last[0] + ")", timeout, () -> {
            // A 404 problem has a numeric status; only a message's status is a name.
            Object seen = request.get("/api/v1/messages/" + id).then().extract().path("status");
            last[0] = String.valueOf(seen);
            return status.equals(last[0]);
        });
        return last[0];
    }

    public static String status(String id, String status, Duration timeout) {
        return status(given(), id, status, timeout);
    }
}
