package io.veostatus.status;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without a key the function still starts and answers every invocation with a sentence naming VEO_API_KEY,
 * as a fault of the deployment, never as a key the Veo API refused.
 */
@QuarkusTest
@TestProfile(MissingApiKeyTest.NoKey.class)
class MissingApiKeyTest extends LambdaInvocationTest {

    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("veo.api.key", "");
        }
    }

    @Test
    void aMissingKeyFailsTheInvocationNotTheFunction() {
        pollExpectingError("veo_task_abcdef123456", "UpstreamAuthException")
                .body("errorMessage", containsString("VEO_API_KEY"))
                .body("errorMessage", containsString("no Veo API key configured"))
                .body("errorMessage", not(containsString("refused")));
        assertEquals(0, allRecordInfoCalls());

        // The instance is still serving: bad input gets its own error, and the key error repeats.
        invoke("{\"taskId\":\"../x\"}").statusCode(500)
                .body("errorType", equalTo("io.veostatus.error.InvalidTaskIdException"));
        pollExpectingError("veo_task_abcdef123456", "UpstreamAuthException");
        assertEquals(0, allRecordInfoCalls());
    }

    @Test
    void anHttpCallerIsToldTheDeploymentHasNoKey() throws Exception {
        String event = AwsEvent.HTTP_API.request("GET", "/tasks/veo_task_abcdef123456", Map.of()).toString();
        JsonNode response = AwsEvent.JSON.readTree(invoke(event).statusCode(200).extract().asString());
        assertEquals(500, response.get("statusCode").asInt());
        JsonNode problem = AwsEvent.JSON.readTree(response.get("body").asText());
        assertEquals("urn:veo-status:problem:api-key-not-configured", problem.get("type").asText());
        assertEquals("veo-status has no usable Veo API key", problem.get("title").asText());
        assertEquals(0, allRecordInfoCalls());
    }
}
