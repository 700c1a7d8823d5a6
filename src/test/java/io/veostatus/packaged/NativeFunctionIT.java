package io.veostatus.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.parsing.Parser;

/**
 * The native executable (`./mvnw verify -Dnative`, GraalVM or a container build needed): Quarkus starts
 * it against its Lambda mock event server, where it polls AWS_LAMBDA_RUNTIME_API itself. These cases
 * need no upstream and exercise what native images get wrong first: reading events, writing records
 * and problem documents as JSON, and reporting exceptions by class name.
 */
@QuarkusIntegrationTest
class NativeFunctionIT {

    @Test
    void anInvalidTaskIdIsReportedByItsClassName() {
        given().body("{\"taskId\":\"../x\"}").when().post("/_lambda_").then().defaultParser(Parser.JSON)
                .statusCode(500).body("errorType", equalTo("io.veostatus.error.InvalidTaskIdException"));
    }

    @Test
    void aWebSocketEventIsRefused() {
        given().body("{\"requestContext\":{\"connectionId\":\"x\",\"eventType\":\"CONNECT\"},\"httpMethod\":\"GET\"}")
                .when().post("/_lambda_").then().defaultParser(Parser.JSON)
                .statusCode(500).body("errorType", equalTo("io.veostatus.error.InvalidRequestException"));
    }

    @Test
    void anHttpRequestWithAnInvalidIdGetsAProblemDocument() {
        String event = "{\"version\":\"2.0\",\"rawPath\":\"/tasks\",\"rawQueryString\":\"taskId=a%26b\",\"headers\":{},"
                + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/tasks\"},\"stage\":\"$default\"},"
                + "\"isBase64Encoded\":false}";
        given().body(event).when().post("/_lambda_").then().defaultParser(Parser.JSON).statusCode(200)
                .body("statusCode", equalTo(400))
                .body("headers.Content-Type", equalTo("application/problem+json"))
                .body("body", containsString("urn:veo-status:problem:invalid-task-id"));
    }
}
