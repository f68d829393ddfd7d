package dev.mailgate.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs that a fresh machine may lack (Chromium, a PostgreSQL server). Without it the test is
 * skipped with a loud notice that says how to get it, so the README's test command passes on a fresh clone. CI sets
 * {@value #STRICT} to true, which turns every such skip into a failure: CI never skips.
 */
public final class Prerequisite {

    public static final String STRICT = "MAILGATE_TEST_STRICT";

    private Prerequisite() {
    }

    /** Returns if {@code present}; otherwise skips the test, or fails it when {@value #STRICT} is set. */
    public static void require(String what, boolean present, String howToGetIt) {
        require(what, present, howToGetIt, System.getenv(STRICT));
    }

    static void require(String what, boolean present, String howToGetIt, String strict) {
        require(what, present, howToGetIt, strict, System.err);
    }

    /** {@code banner}: where the skip notice goes (the self-test catches it, so it never looks like a real skip). */
    static void require(String what, boolean present, String howToGetIt, String strict,
            java.io.PrintStream banner) {
        if (present) {
            return;
        }
        String message = what + " is not available, so this test cannot run. " + howToGetIt;
        if ("true".equalsIgnoreCase(strict) || "1".equals(strict)) {
            Assertions.fail(message + " (" + STRICT + " is set, so a missing prerequisite fails instead of skipping)");
        }
        String bar = "!".repeat(100);
        banner.println("\n" + bar + "\n!! SKIPPED: " + message + "\n" + bar + "\n");
        Assumptions.abort("SKIPPED: " + message);
    }

    /**
     * How to get Node.js and npm on Debian without a conflict: NodeSource's nodejs brings its own npm, which
     * Debian's npm package conflicts with, so npm is only installed beside Debian's own nodejs.
     */
    public static String nodeJs() {
        return "Install Node.js 18 or newer with its npm. If `node --version` already answers (NodeSource's nodejs"
                + " package includes npm), nothing more is needed; otherwise, as root, `apt-get update && apt-get"
                + " install -y nodejs npm` (with sudo as a user).";
    }

    /** How to install a Debian package, as root (containers) or with sudo. */
    public static String debianPackage(String name) {
        return "Install Debian's " + name + " package: as root `apt-get update && apt-get install -y " + name
                + "`, otherwise `sudo apt-get update && sudo apt-get install -y " + name + "`.";
    }
}
