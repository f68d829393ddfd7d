package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Mock mode (dev and tests): what would have been sent, with file names and headers, and its metric label. */
@QuarkusTest
class DevOutboxTest {

    @BeforeEach
    void clear() {
        given().delete("/dev/outbox").then().statusCode(204);
    }

    @Test
    void showsFileNamesCustomHeadersAndKeepsInlinePartsApart() {
        given().contentType(ContentType.JSON).body("""
                {"to":["张三 <alice@example.com>"],"subject":"报告","html":"<img src=\\"cid:logo\\">",
                 "headers":{"X-Request-Id":"build-42"},
                 "attachments":[{"filename":"季度报告.pdf","contentType":"application/pdf","content":"JVBERg=="},
                                {"filename":"data.csv","contentType":"text/csv","content":"YSxi"}],
                 "inline":[{"contentId":"logo","filename":"logo.png","contentType":"image/png","content":"iVBORw0KGgo="}]}""")
                .post("/api/v1/messages").then().statusCode(200);

        given().get("/dev/outbox").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].subject", equalTo("报告"))
                .body("[0].headers.'X-Request-Id'[0]", equalTo("build-42"))
                .body("[0].attachments.filename", equalTo(java.util.List.of("季度报告.pdf", "data.csv")))
                .body("[0].attachments.contentType", equalTo(java.util.List.of("application/pdf", "text/csv")))
                .body("[0].inline", hasSize(1))
                .body("[0].inline[0].contentId", equalTo("logo"))
                .body("[0].inline[0].filename", equalTo("logo.png"));

        given().delete("/dev/outbox").then().statusCode(204);
        given().get("/dev/outbox").then().body("", hasSize(0));
    }

    @Test
    void mockSendsAreLabelledMockInTheMetrics() {
        given().contentType(ContentType.JSON).body("""
                {"to":["alice@example.com"],"subject":"x","text":"x"}""").post("/api/v1/messages").then().statusCode(200);
        given().get("/q/metrics").then()
                .body(containsString("mailgate_messages_total{account=\"default\",outcome=\"sent\",provider=\"mock\"}"));
    }
}
