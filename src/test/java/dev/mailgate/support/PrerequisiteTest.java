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
        assertDoesNotThrow(() -> Prerequisite.require("chromium", true, "install it", "true"));
    }

    @Test
    void missingSkipsWithHowToGetIt() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> Prerequisite.require("chromium", false, Prerequisite.debianPackage("chromium"), null));
        assertTrue(e.getMessage().contains("apt-get install -y chromium"), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get"), e.getMessage());
    }

    @Test
    void missingFailsWhenStrict() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Prerequisite.require("chromium", false, "install it", "true"));
        assertTrue(e.getMessage().contains(Prerequisite.STRICT), e.getMessage());
    }
}
