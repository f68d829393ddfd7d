package dev.mailgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser tests' scripts under e2e/ (playwright-core driving Debian's headless Chromium): checks that Chromium and
 * Node.js are there (a skip with a notice on a fresh machine, a failure in CI), installs the scripts' packages if
 * needed, and runs one.
 */
public final class E2e {

    private E2e() {
    }

    /** Runs {@code node script args...} in e2e/ and returns what it printed; fails if it exits non-zero. */
    public static String run(String script, String... args) throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Prerequisite.require("Chromium (" + chromium + ")", new File(chromium).canExecute(),
                Prerequisite.debianPackage("chromium"));
        Prerequisite.require("Node.js", works("node", "--version"), Prerequisite.debianPackage("nodejs")
                + " npm is needed too.");
        File e2e = new File("e2e");
        assertTrue(new File(e2e, script).isFile(), "e2e/" + script + " is missing; run tests from the project root");
        if (!new File(e2e, "node_modules/playwright-core").isDirectory()) {
            run(e2e, 300, List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(e2e, 180, command);
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(File dir, int seconds, List<String> command) throws Exception {
        Path log = Files.createTempFile("e2e", ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (java.io.IOException e) {
            return fail(command.getFirst() + " is not installed (Node.js is needed for the browser tests): "
                    + e.getMessage());
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + seconds + " s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
