package dev.mailgate.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite skips on a fresh machine and fails in CI. */
class PrerequisiteTest {

    @Test
    void presentRuns() {
        assertDoesNotThrow(() -> Prerequisite.require("self-test-tool", true, "install it", "true"));
    }

    @Test
    void missingSkipsWithHowToGetIt() {
        // The banner is caught here: a self-test must not print what looks like a real skip.
        java.io.ByteArrayOutputStream caught = new java.io.ByteArrayOutputStream();
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> Prerequisite.require("self-test-tool", false, Prerequisite.debianPackage("self-test-tool"), null,
                        new java.io.PrintStream(caught, true, java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("apt-get install -y self-test-tool"), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get"), e.getMessage());
        assertTrue(caught.toString(java.nio.charset.StandardCharsets.UTF_8).contains("!! SKIPPED: self-test-tool"));
    }

    @Test
    void missingFailsWhenStrict() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Prerequisite.require("self-test-tool", false, "install it", "true"));
        assertTrue(e.getMessage().contains(Prerequisite.STRICT), e.getMessage());
    }
}
