package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Prerequisite;
import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The preview page in a real browser: Debian's headless Chromium driven by playwright-core (e2e/preview.mjs), with
 * API keys on so the page's key field is exercised. Without Chromium or Node.js the browser test is skipped with a
 * notice (a fresh machine), or fails when MAILGATE_TEST_STRICT is set (CI). If the browser is there but cannot
 * start, it fails and says why.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class PreviewPageBrowserTest {

    @TestHTTPResource("/templates")
    URL page;

    @Test
    void pageIsServedWithARestrictiveCspAndAKeyField() {
        given().get("/templates").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("data-auth=\"true\""))
                .body(containsString("sandbox=\"\""));
        given().get("/templates/app.js").then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void rendersInChromiumAndScriptInDataNeverRuns() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Prerequisite.require("Chromium (" + chromium + ")", new File(chromium).canExecute(),
                Prerequisite.debianPackage("chromium"));
        Prerequisite.require("Node.js", commandWorks("node", "--version"), Prerequisite.debianPackage("nodejs")
                + " npm is needed too.");
        File e2e = new File("e2e");
        assertTrue(new File(e2e, "preview.mjs").isFile(), "e2e/preview.mjs is missing; run tests from the project root");
        if (!new File(e2e, "node_modules/playwright-core").isDirectory()) {
            run(e2e, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        String out = run(e2e, 180, "node", "preview.mjs", page.toString(), SecuredProfile.KEY);
        assertTrue(out.contains("OK: rendered in Chromium"), out);
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(File dir, int seconds, String... command) throws Exception {
        Path log = Files.createTempFile("e2e", ".log");
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).directory(dir).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
        } catch (java.io.IOException e) {
            return fail(command[0] + " is not installed (Node.js is needed for the browser test): " + e.getMessage());
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
