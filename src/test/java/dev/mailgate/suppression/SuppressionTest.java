package dev.mailgate.suppression;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailgate.support.Await;
import dev.mailgate.support.CurlForm;
import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The suppression list against a real SMTP server: the API, the refusal, skip, batches, the queue's own check, CSV
 * imports. What GreenMail received is counted each time: nothing ever for a suppressed address.
 */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class SuppressionTest {

    @Inject
    SuppressionMetrics metrics;

    String dead;

    @BeforeEach
    void fresh() throws Exception {
        GreenMailResource.greenMail().purgeEmailFromAllMailboxes();
        dead = "dead." + System.nanoTime() + "@example.com";
    }

    static void suppress(String address) {
        given().put("/api/v1/suppressions/" + address).then().statusCode(201);
    }

    /**
     * Every mailbox GreenMail delivered to (the envelope's recipients, Bcc included), lower case: GreenMail makes a
     * user for each address it delivers to.
     */
    static Set<String> delivered() {
        var greenMail = GreenMailResource.greenMail();
        return greenMail.getUserManager().listUser().stream().filter(u -> {
            try {
                return !greenMail.getManagers().getImapHostManager().getInbox(u).getMessages().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).map(u -> u.getEmail().toLowerCase()).filter(e -> !e.equals(GreenMailResource.LOGIN))
                .collect(Collectors.toSet());
    }

    static int received() {
        return GreenMailResource.greenMail().getReceivedMessages().length;
    }

    @Test
    void theApiAddsReadsListsReplacesAndRemovesAnEntry() {
        String key = dead;
        String given = key.replace("dead.", "Dead.").replace("example.com", "Example.COM");
        given().contentType(ContentType.JSON).body("{\"reason\":\"unsubscribe\",\"note\":\"asked by phone\"}")
                .put("/api/v1/suppressions/" + given).then().statusCode(201)
                .body("address", equalTo(given)).body("reason", equalTo("unsubscribe"))
                .body("note", equalTo("asked by phone")).body("createdAt", notNullValue()).body("expiresAt", nullValue());
        // Any spelling finds it: case-insensitive.
        given().get("/api/v1/suppressions/" + key.toUpperCase()).then().statusCode(200).body("reason",
                equalTo("unsubscribe"));
        given().contentType(ContentType.JSON).body("{\"reason\":\"manual\"}").put("/api/v1/suppressions/" + key)
                .then().statusCode(200).body("reason", equalTo("manual"));
        given().get("/api/v1/suppressions?reason=manual&address=" + key.substring(0, 10).toUpperCase()).then()
                .statusCode(200).body("suppressions.address", hasItem(key));
        given().get("/api/v1/suppressions?reason=unsubscribe&address=" + key.substring(0, 10)).then()
                .statusCode(200).body("suppressions", hasSize(0));
        given().delete("/api/v1/suppressions/" + given).then().statusCode(204);
        given().get("/api/v1/suppressions/" + key).then().statusCode(404)
                .contentType("application/problem+json");
        given().delete("/api/v1/suppressions/" + key).then().statusCode(404);
    }

    @Test
    void badInputIs400AndChangesNothing() {
        given().put("/api/v1/suppressions/not-an-address").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("address"));
        given().put("/api/v1/suppressions/" + "Bob <bob@example.com>").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"reason\":\"angry\"}").put("/api/v1/suppressions/" + dead)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().contentType(ContentType.JSON).body("{\"expiresAt\":\"2020-01-01T00:00:00Z\"}")
                .put("/api/v1/suppressions/" + dead).then().statusCode(400).body("errors[0].field", equalTo("expiresAt"));
        given().contentType(ContentType.JSON).body("{\"reasn\":\"manual\"}").put("/api/v1/suppressions/" + dead)
                .then().statusCode(400).body("errors[0].message", containsString("did you mean `reason`"));
        given().get("/api/v1/suppressions?limit=500&cursor=nope").then().statusCode(400)
                .body("errors.field", equalTo(List.of("limit", "cursor")));
        given().get("/api/v1/suppressions/" + dead).then().statusCode(404);
    }

    @Test
    void aSuppressedRecipientIsRefusedByDefaultAndNothingIsSentOrStored() {
        suppress(dead);
        int stored = given().get("/api/v1/messages?limit=100").then().extract().path("messages.size()");
        for (String prefer : new String[] { "", "respond-async" }) {
            given().contentType(ContentType.JSON).header("Prefer", prefer)
                    .body("{\"to\":[\"alice@example.com\"],\"cc\":[\"" + dead.toUpperCase() + "\"],\"text\":\"x\"}")
                    .post("/api/v1/messages").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:mailgate:problem:recipient-suppressed"))
                    .body("suppressed[0].address", equalTo(dead.toUpperCase()))
                    .body("suppressed[0].reason", equalTo("manual"))
                    .body("suppressed[0].since", notNullValue());
        }
        byte[] form = new CurlForm().field("to", "alice@example.com").field("to", "Dead <" + dead + ">")
                .field("text", "x").build();
        given().contentType(CurlForm.contentType()).body(form).post("/api/v1/messages").then().statusCode(422)
                .body("suppressed[0].address", equalTo(dead));
        assertEquals(0, received(), "nothing was sent");
        given().get("/api/v1/messages?limit=100").then().body("messages.size()", equalTo(stored));
        assertTrue(metricValue("mailgate_suppressed_recipients_total{path=\"api\"}") >= 3);
    }

    @Test
    void skipSendsToTheOthersAndSaysWhoWasSkipped() throws Exception {
        suppress(dead);
        given().contentType(ContentType.JSON)
                .body("{\"to\":[\"alice@example.com\",\"" + dead + "\"],\"bcc\":[\"bob@example.com\"],\"text\":\"x\","
                        + "\"suppressed\":\"skip\"}")
                .post("/api/v1/messages").then().statusCode(200)
                .body("skipped[0].address", equalTo(dead)).body("skipped[0].reason", equalTo("manual"))
                .body("accepted", equalTo(List.of("alice@example.com", "bob@example.com")));
        assertEquals(Set.of("alice@example.com", "bob@example.com"), delivered());
        MimeMessage m = GreenMailResource.greenMail().getReceivedMessages()[0];
        assertFalse(Arrays.toString(m.getRecipients(Message.RecipientType.TO)).contains(dead), "not in the header");
        // Asynchronous, multipart: the same.
        byte[] form = new CurlForm().field("to", "carol@example.com").field("to", dead).field("text", "x")
                .field("suppressed", "skip").build();
        String id = given().contentType(CurlForm.contentType()).header("Prefer", "respond-async").body(form)
                .post("/api/v1/messages").then().statusCode(202).body("skipped[0].address", equalTo(dead))
                .extract().path("id");
        Await.status(id, "sent", Duration.ofSeconds(15));
        assertFalse(delivered().contains(dead));
        assertTrue(delivered().contains("carol@example.com"));
        // Nobody left: the 422 again.
        given().contentType(ContentType.JSON).body("{\"to\":[\"" + dead + "\"],\"text\":\"x\",\"suppressed\":\"skip\"}")
                .post("/api/v1/messages").then().statusCode(422);
        given().contentType(ContentType.JSON).body("{\"to\":[\"a@example.com\"],\"text\":\"x\",\"suppressed\":\"maybe\"}")
                .post("/api/v1/messages").then().statusCode(400).body("errors[0].field", equalTo("suppressed"));
    }

    @Test
    void batchesRefuseOrFailTheElementWithTheSuppressedRecipient() throws Exception {
        suppress(dead);
        String batch = "{\"messages\":[{\"to\":[\"alice@example.com\"],\"text\":\"1\"},{\"to\":[\"" + dead
                + "\"],\"text\":\"2\"}]}";
        given().contentType(ContentType.JSON).body(batch).post("/api/v1/messages/batch").then().statusCode(422)
                .body("suppressed[0].address", equalTo(dead)).body("suppressed[0].message", equalTo(1));
        given().contentType(ContentType.JSON).body(batch).post("/api/v1/messages/batch?mode=permissive").then()
                .statusCode(202).body("data[1]", nullValue()).body("errors[0].field", equalTo("messages[1]"))
                .body("errors[0].message", containsString("suppression list"));
        Await.until("the valid element delivered", Duration.ofSeconds(15), () -> received() == 1);
        Thread.sleep(300);
        assertEquals(Set.of("alice@example.com"), delivered());
    }

    @Test
    void aMessageQueuedBeforeItsRecipientWasSuppressedSkipsThatRecipient() throws Exception {
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0).toString();
        String id = given().contentType(ContentType.JSON).body("{\"to\":[\"alice@example.com\",\"" + dead
                + "\"],\"text\":\"x\",\"sendAt\":\"" + sendAt + "\"}").post("/api/v1/messages").then()
                .statusCode(202).extract().path("id");
        suppress(dead);
        Await.status(id, "sent", Duration.ofSeconds(20));
        assertEquals(Set.of("alice@example.com"), delivered());
        given().get("/api/v1/messages/" + id).then()
                .body("events.type", hasItem("message.suppressed"))
                .body("events.find { it.type == 'message.suppressed' }.data.suppressed[0].address", equalTo(dead))
                .body("suppressed[0].address", equalTo(dead)).body("suppressed[0].reason", equalTo("manual"));
    }

    @Test
    void aQueuedMessageWithOnlySuppressedRecipientsFailsAsSuppressedAndARetryChecksAgain() throws Exception {
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0).toString();
        String id = given().contentType(ContentType.JSON).body("{\"to\":[\"" + dead + "\"],\"text\":\"x\",\"sendAt\":\""
                + sendAt + "\"}").post("/api/v1/messages").then().statusCode(202).extract().path("id");
        suppress(dead);
        Await.status(id, "failed", Duration.ofSeconds(20));
        given().get("/api/v1/messages/" + id).then().body("error.outcome", equalTo("suppressed"))
                .body("events.type", hasItem("message.suppressed"));
        given().post("/api/v1/messages/" + id + "/retry").then().statusCode(202);
        Await.status(id, "failed", Duration.ofSeconds(20));
        assertEquals(0, received(), "never sent");
        given().delete("/api/v1/suppressions/" + dead).then().statusCode(204);
        given().post("/api/v1/messages/" + id + "/retry").then().statusCode(202);
        Await.status(id, "sent", Duration.ofSeconds(20));
        assertEquals(Set.of(dead), delivered());
    }

    @Test
    void aCsvImportTakesTheGoodLinesNamesTheBadOnesAndTwiceChangesNothing() {
        String a = "csv." + System.nanoTime();
        String csv = "address,reason,note\n"
                + a + ".one@example.com,unsubscribe,\"clicked the link, 2026-12-01\"\n"
                + "\n"
                + a.toUpperCase() + ".ONE@EXAMPLE.COM,unsubscribe,\"clicked the link, 2026-12-01\"\n"
                + a + ".two@example.com\n"
                + "not-an-address\n"
                + a + ".three@example.com,angry\n";
        given().contentType("text/csv").body(csv).post("/api/v1/suppressions").then().statusCode(200)
                .body("created", equalTo(2)).body("updated", equalTo(0)).body("unchanged", equalTo(0))
                .body("invalid.line", equalTo(List.of(6, 7)))
                .body("invalid[0].message", containsString("local@domain"))
                .body("invalid[1].message", containsString("reason angry"));
        given().contentType("text/csv").body(csv).post("/api/v1/suppressions").then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(2));
        given().get("/api/v1/suppressions/" + a + ".one@example.com").then().statusCode(200)
                .body("reason", equalTo("unsubscribe")).body("note", equalTo("clicked the link, 2026-12-01"));
        given().contentType(ContentType.JSON).body("{\"addresses\":[\"" + a + ".four@example.com\",\"x\"],"
                + "\"reason\":\"manual\"}").post("/api/v1/suppressions").then().statusCode(200)
                .body("created", equalTo(1)).body("invalid[0].field", equalTo("addresses[1]"));
        String many = "{\"addresses\":[" + String.join(",", java.util.Collections.nCopies(1001, "\"a@example.com\""))
                + "]}";
        given().contentType(ContentType.JSON).body(many).post("/api/v1/suppressions").then().statusCode(400)
                .body("errors[0].field", equalTo("addresses"));
    }

    @Test
    void hostileImportsAreBoundedAndNamed() {
        String a = "hostile." + System.nanoTime();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(a).append(i).append("@example.com\n");
        }
        given().contentType("text/csv").body(many.toString()).post("/api/v1/suppressions").then().statusCode(400)
                .body("errors[0].message", containsString("more than 1000 lines"));
        given().get("/api/v1/suppressions/" + a + "0@example.com").then().statusCode(404);
        String csv = "\uFEFF" + a + ".ok@example.com\n"
                + "x".repeat(5000) + "@example.com\n"
                + a + ".ctl@example.com,manual,\"bell\u0007\"\n";
        given().contentType("text/csv").body(csv).post("/api/v1/suppressions").then().statusCode(200)
                .body("created", equalTo(1))
                .body("invalid.line", equalTo(List.of(2, 3)))
                .body("invalid[0].message", containsString("longer than 2048"))
                .body("invalid[1].message", containsString("control characters"));
        given().contentType("text/csv").body("nope\nstill nope\n").post("/api/v1/suppressions").then()
                .statusCode(400).body("errors.field", equalTo(List.of("line 1", "line 2")));
    }

    @Test
    void theGaugeCountsEntriesByReason() {
        suppress(dead);
        metrics.count();
        assertTrue(metricValue("mailgate_suppressions{reason=\"manual\"}") >= 1);
    }

    static double metricValue(String series) {
        String body = given().get("/q/metrics").then().extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
