package io.veostatus.status;

import static io.veostatus.status.AwsEvent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import io.veostatus.status.LambdaInvocationTest;

/** With allowed origins configured, browser callers get CORS headers and preflights are answered. */
@QuarkusTest
@TestProfile(DemoSettings.class)
class HttpCorsTest extends LambdaInvocationTest {

    private static final String ORIGIN = DemoSettings.ALLOWED_ORIGIN;
    private static final String SUCCESS_ID = "veo_task_abcdef123456";

    @Test
    void preflightIsAnswered() throws IOException {
        AwsEvent source = AwsEvent.HTTP_API;
        ObjectNode preflight = source.withHeader(source.withHeader(source.request("OPTIONS", "/tasks/" + SUCCESS_ID, Map.of()),
                "Origin", ORIGIN), "Access-Control-Request-Method", "GET");
        JsonNode answer = send(preflight);

        assertEquals(204, answer.get("statusCode").asInt());
        assertEquals(ORIGIN, header(answer, "Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, POST, OPTIONS", header(answer, "Access-Control-Allow-Methods"));
        assertEquals("600", header(answer, "Access-Control-Max-Age"));
        assertEquals("", answer.get("body").asText());
        assertEquals(0, allRecordInfoCalls());
    }

    @Test
    void allowedOriginGetsCorsHeadersOthersDoNot() throws IOException {
        answerExample(SUCCESS_ID, "success.json");
        AwsEvent source = AwsEvent.REST_API;
        JsonNode allowed = send(source.withHeader(source.request("GET", "/tasks/" + SUCCESS_ID, Map.of()), "Origin", ORIGIN));
        assertEquals(200, allowed.get("statusCode").asInt());
        assertEquals(ORIGIN, header(allowed, "Access-Control-Allow-Origin"));
        assertEquals("Origin", header(allowed, "Vary"));
        assertEquals("Retry-After", header(allowed, "Access-Control-Expose-Headers"));

        JsonNode other = send(source.withHeader(source.request("GET", "/tasks/" + SUCCESS_ID, Map.of()), "Origin",
                "https://evil.example.net"));
        assertEquals(200, other.get("statusCode").asInt());
        assertNull(header(other, "Access-Control-Allow-Origin"));
    }

    private JsonNode send(ObjectNode event) throws IOException {
        return AwsEvent.JSON.readTree(invoke(event.toString()).statusCode(200).extract().asString());
    }
}
