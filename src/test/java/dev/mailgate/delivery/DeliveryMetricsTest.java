package dev.mailgate.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.GreenMailProfile;
import dev.mailgate.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** After real sends, Prometheus shows the delivery metrics with bounded labels. */
@QuarkusTest
@TestProfile(GreenMailProfile.class)
class DeliveryMetricsTest {

    @Test
    void sendsAppearInPrometheusWithOutcomeAndProviderLabels() {
        Requests.sendMinimal().statusCode(200);
        given().contentType("application/json").body("{\"to\":[\"bad\"],\"text\":\"x\"}").post("/api/v1/messages")
                .then().statusCode(400);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(metrics,
                matchesPattern("(?s).*mailgate_messages_total\\{account=\"default\",outcome=\"sent\",provider=\"custom\"} [1-9][0-9.E]*.*"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_send_duration_seconds_bucket"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_send_attempts_count"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_circuit_state{account=\"default\"} 0.0"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_smtp_inflight"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_smtp_pool_max{account=\"default\"} 8.0"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_smtp_connections{account=\"default\",state=\"idle\"}"));
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("mailgate_smtp_connections{account=\"default\",state=\"open\"}"));
        // Fault-tolerance metrics are on for each account's guards.
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString("method=\"dev.mailgate.delivery.Account/default\""));
    }
}
