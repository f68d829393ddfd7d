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

import dev.mailgate.support.SecuredProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The preview page in a real browser: Debian's headless Chromium driven by playwright-core (e2e/preview.mjs), with
 * API keys on so the page's key field is exercised. If the browser cannot start, this fails and says why.
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
        File e2e = new File("e2e");
        assertTrue(new File(e2e, "preview.mjs").isFile(), "e2e/preview.mjs is missing; run tests from the project root");
        if (!new File(e2e, "node_modules/playwright-core").isDirectory()) {
            run(e2e, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        String out = run(e2e, 180, "node", "preview.mjs", page.toString(), SecuredProfile.KEY);
        assertTrue(out.contains("OK: rendered in Chromium"), out);
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
