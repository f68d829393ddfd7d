package dev.mailgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js scripts under e2e/ (the browser tests, with playwright-core driving Debian's headless Chromium, and the
 * reference webhook verifier): checks that what they need is there (a skip with a notice on a fresh machine, a
 * failure in CI), installs their packages if needed, and runs one.
 */
public final class E2e {

    private E2e() {
    }

    /** Runs a browser script: {@code node script args...} in e2e/; returns what it printed, fails on a non-zero exit. */
    public static String browser(String script, String... args) throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Prerequisite.require("Chromium (" + chromium + ")", new File(chromium).canExecute(),
                Prerequisite.debianPackage("chromium"));
        Ran ran = node(null, script, args);
        assertEquals(0, ran.exit(), "node " + script + " failed:\n" + ran.out());
        return ran.out();
    }

    /** What a script printed, and its exit code. */
    public record Ran(int exit, String out) {
    }

    /** Runs {@code node script args...} in e2e/ with {@code stdin} (may be null). */
    public static Ran node(String stdin, String script, String... args) throws Exception {
        Prerequisite.require("Node.js", works("node", "--version"), Prerequisite.nodeJs());
        File e2e = new File("e2e");
        assertTrue(new File(e2e, script).isFile(), "e2e/" + script + " is missing; run tests from the project root");
        if (!new File(e2e, "node_modules/playwright-core").isDirectory()
                || !new File(e2e, "node_modules/standardwebhooks").isDirectory()) {
            Ran npm = run(e2e, 300, null, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertEquals(0, npm.exit(), "npm ci in e2e/ failed:\n" + npm.out());
        }
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(e2e, 180, stdin, command);
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private static Ran run(File dir, int seconds, String stdin, List<String> command) throws Exception {
        Path log = Files.createTempFile("e2e", ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (java.io.IOException e) {
            return fail(command.getFirst() + " is not installed (Node.js is needed for these tests): " + e.getMessage());
        }
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + seconds + " s:\n" + Files.readString(log));
        }
        return new Ran(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
