package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The landing page links every page of the gateway, each of which answers; in dev (mock) mode the dev outbox too. */
@QuarkusTest
class HomePageTest {

    @Test
    void theLandingPageLinksPagesThatAnswer() {
        String page = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .extract().asString();
        List<String> links = Pattern.compile("href=\"(/[^\"]*)\"").matcher(page).results().map(m -> m.group(1))
                .toList();
        for (String expected : List.of("/messages", "/templates", "/q/swagger-ui", "/dev/outbox", "/q/health")) {
            assertTrue(links.contains(expected), expected + " in " + links);
        }
        assertFalse(page.contains("<script"), "no script on the landing page");
        for (String link : links) {
            int status = given().redirects().follow(true).get(link).then().extract().statusCode();
            assertTrue(status == 200, link + " answered " + status);
        }
    }

    static String hrefs(String page) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
        return m.results().map(r -> r.group(1)).toList().toString();
    }
}
