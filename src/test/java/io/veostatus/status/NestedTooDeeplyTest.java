package io.veostatus.status;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * JSON that is well formed but nested deeper than the JSON reader goes (Jackson's StreamReadConstraints: 1000 arrays
 * or objects inside one another) is told so, as the event and as an HTTP request's body, rather than called "not
 * JSON"; nothing is asked of the Veo API, and the next invocation is served.
 */
@QuarkusTest
class NestedTooDeeplyTest extends LambdaInvocationTest {

    private static final String GOOD_ID = "veo_task_abcdef123456";
    private static final int DEPTH = 2000;

    static Stream<Arguments> deepEvents() {
        return Stream.of(
                Arguments.of("arrays", "[".repeat(DEPTH) + "]".repeat(DEPTH)),
                Arguments.of("objects", "{\"a\":".repeat(DEPTH) + "1" + "}".repeat(DEPTH)),
                Arguments.of("a poll state", "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepEvents")
    void anEventNestedTooDeeplyIsToldSo(String name, String event) {
        invoke(event).statusCode(500)
                .body("errorType", equalTo("io.veostatus.error.InvalidRequestException"))
                .body("errorMessage", allOf(containsString("nested too deeply"), not(containsString("not a JSON document"))));
        assertEquals(0, allRecordInfoCalls(), name + ": no upstream request");

        answerExample(GOOD_ID, "success.json");
        poll(GOOD_ID).statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void anHttpBodyNestedTooDeeplyIs400SayingSo() throws Exception {
        ObjectNode event = AwsEvent.HTTP_API.withBody(AwsEvent.HTTP_API.request("POST", "/tasks", Map.of()),
                "[".repeat(DEPTH) + "]".repeat(DEPTH), false);
        JsonNode answer = AwsEvent.JSON.readTree(invoke(event.toString()).statusCode(200).extract().asString());

        assertEquals(400, answer.get("statusCode").asInt(), answer.toString());
        JsonNode problem = AwsEvent.JSON.readTree(answer.get("body").asText());
        assertEquals("urn:veo-status:problem:invalid-request", problem.get("type").asText());
        String detail = problem.get("detail").asText();
        assertTrue(detail.contains("nested too deeply") && !detail.contains("not JSON"), detail);
        assertEquals(0, allRecordInfoCalls(), "no upstream request");
    }
}
