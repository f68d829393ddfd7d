package dev.mailgate.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document lists every endpoint, with examples for the requests and the errors. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void everyEndpointIsDocumentedWithExamples() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/messages"))
                .body("paths", hasKey("/api/v1/templates"))
                .body("paths", hasKey("/api/v1/messages/{id}"))
                .body("paths", hasKey("/api/v1/messages/{id}/retry"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/messages'", hasKey("get"))
                .body("paths.'/api/v1/messages/{id}'", hasKey("delete"))
                .body("paths.'/api/v1/messages/{id}'", hasKey("patch"))
                .body("paths.'/api/v1/messages/{id}'.get.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths", hasKey("/api/v1/templates/{name}/preview"))
                .body("paths.'/api/v1/messages'.post.requestBody.content.'application/json'.examples.'plain text'.value", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses.'400'.content.'application/problem+json'.examples", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses.'502'.content.'application/problem+json'.examples", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses.'504'.content.'application/problem+json'.examples", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses", hasKey("401"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("403"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("413"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("422"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("429"))
                .body("paths.'/api/v1/messages'.post.responses", hasKey("503"))
                .body("paths.'/api/v1/templates/{name}/preview'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/api/v1/templates/{name}/preview'.post.responses.'400'.content.'application/problem+json'.examples", notNullValue());
    }

    @Test
    void idempotencyKeysAndBatchesAreDocumentedWithExamples() {
        var doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract();
        for (String path : java.util.List.of("'/api/v1/messages'", "'/api/v1/messages/batch'")) {
            java.util.List<String> headers = doc.path("paths." + path + ".post.parameters.findAll { it.in == 'header' }.name");
            org.junit.jupiter.api.Assertions.assertTrue(headers.contains("Idempotency-Key"), path + ": " + headers);
            org.junit.jupiter.api.Assertions.assertNotNull(doc.path("paths." + path
                    + ".post.responses.'422'.content.'application/problem+json'.examples.'idempotency mismatch'.value"));
        }
        org.junit.jupiter.api.Assertions.assertNotNull(doc.path("paths.'/api/v1/messages'.post.responses.'200'.content"
                + ".'application/json'.examples.'replayed after a timeout'.value"));
        org.junit.jupiter.api.Assertions.assertNotNull(doc.path("paths.'/api/v1/messages'.post.responses.'409'.content"
                + ".'application/problem+json'.examples.'in flight'.value"));
        org.junit.jupiter.api.Assertions.assertNotNull(doc.path("paths.'/api/v1/messages/batch'.post.responses.'400'"
                + ".content.'application/problem+json'.examples.'invalid element'.value"));
    }

    @Test
    void theSuppressionListIsDocumentedWithExamples() {
        io.restassured.RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/suppressions'.get.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/api/v1/suppressions'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/api/v1/suppressions'.post.requestBody.content.'text/csv'.examples", notNullValue())
                .body("paths.'/api/v1/suppressions/{address}'.put.requestBody.content.'application/json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/suppressions/{address}'.put.responses.'201'.content.'application/json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/suppressions/{address}'.get.responses.'200'.content.'application/json'.examples",
                        notNullValue())
                .body("paths.'/api/v1/suppressions/{address}'.delete.responses.'204'", notNullValue())
                .body("paths.'/api/v1/messages'.post.responses.'422'.content.'application/problem+json'.examples"
                        + ".'recipient suppressed'.value", notNullValue());
    }

    @Test
    void perRecipientResultsAreDocumented() {
        io.restassured.RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.MessageStatus.properties.recipients.items.$ref",
                        org.hamcrest.Matchers.endsWith("/Recipient"))
                .body("components.schemas.Recipient.properties", org.hamcrest.Matchers.hasKey("bounceType"))
                .body("components.schemas.Recipient.properties", org.hamcrest.Matchers.hasKey("smtpStatus"))
                .body("paths.'/api/v1/messages/{id}'.get.responses.'200'.content.'application/json'.examples"
                        + ".'a recipient bounced'.value", notNullValue());
    }
}
