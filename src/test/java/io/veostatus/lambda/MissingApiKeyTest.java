package io.veostatus.lambda;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without a key the function still starts and answers every invocation with a sentence naming VEO_API_KEY. */
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
                .body("errorMessage", containsString("VEO_API_KEY"));
        assertEquals(0, allRecordInfoCalls());

        // The instance is still serving: bad input gets its own error, and the key error repeats.
        invoke("{\"taskId\":\"../x\"}").statusCode(500)
                .body("errorType", equalTo("io.veostatus.error.InvalidTaskIdException"));
        pollExpectingError("veo_task_abcdef123456", "UpstreamAuthException");
        assertEquals(0, allRecordInfoCalls());
    }
}
