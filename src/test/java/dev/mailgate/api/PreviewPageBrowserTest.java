package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.E2e;
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
        String png = java.util.Base64.getEncoder().encodeToString(getClass().getClassLoader()
                .getResourceAsStream("mail/logo.png").readAllBytes());
        io.restassured.RestAssured.given().header("X-API-Key", SecuredProfile.KEY).contentType("application/json")
                .body("{\"schema\":{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":"
                        + "\"string\"},\"orders\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                        + "\"id\":{\"type\":\"string\"},\"total\":{\"type\":\"number\"}}}}}},\"subject\":\"发货：{data.name}\","
                        + "\"html\":\"<p>你好 {data.name}</p>\",\"locales\":{\"en\":{\"subject\":\"Shipped: {data.name}\","
                        + "\"html\":\"<p>Hello {data.name}</p><img src=\\\"cid:box.png\\\"><ul>{#for o in data.orders}<li>{o.id}:"
                        + " {o.total.format}</li>{/for}</ul>\"}},\"inline\":[{\"contentId\":\"box.png\",\"content\":\""
                        + png + "\"}]}").put("/api/v1/templates/browser-shipped").then().statusCode(201);
        String out = E2e.browser("preview.mjs", page.toString(), SecuredProfile.KEY, "browser-shipped");
        assertTrue(out.contains("OK: rendered in Chromium, script shown as text and never run; the user template too"),
                out);
    }
}
