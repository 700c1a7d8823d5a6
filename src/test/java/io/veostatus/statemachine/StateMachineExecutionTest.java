package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The single loop, poll-video.asl.json, run unchanged in the interpreter against this function, with
 * WireMock as the Veo API (see StateMachineRunTest).
 */
@QuarkusTest
class StateMachineExecutionTest extends StateMachineRunTest {

    private static final String TASK = "7c1e5a9b3d2f4e6a8b0c1d2e3f4a5b6c";

    @Test
    void generatingForSeveralPollsThenSucceeded() {
        answersInTurn(generating(TASK), generating(TASK), generating(TASK), succeeded(TASK));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        JsonNode output = run.get("output");
        assertEquals("SUCCEEDED", output.get("status").asText());
        assertEquals(videoUrl(TASK), output.get("videoUrls").get(0).asText());
        assertEquals(4, output.get("poll").get("attempt").asInt(), "the poll state travelled through the loop");
        assertEquals(List.of("GENERATING", "GENERATING", "GENERATING", "SUCCEEDED"), invocations(run));
    }

    /**
     * Keeping off, as the template deploys the machine without a KeepBucket (and as the file runs unchanged): a
     * success ends in VideoReady with the last TaskStatus as the output, exactly as before keeping existed, and
     * nothing but the status function is invoked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(booleans = { false, true })
    void withKeepingOffASuccessEndsAsBefore(boolean substituted) throws Exception {
        answersInTurn(generating(TASK), succeeded(TASK));
        JsonNode run = substituted
                ? execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + TASK + "\"}", 0, KeepingSubstitutions.OFF, Map.of())
                : execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        List<String> fields = new ArrayList<>();
        run.get("output").fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("taskId", "status", "done", "successFlag", "videoUrls", "fullVideoUrls", "originUrls", "resolution",
                "fallback", "error", "createdAt", "completedAt", "prompt", "poll"), fields, "the TaskStatus, nothing added");
        assertEquals(2, run.get("output").at("/poll/attempt").asInt());
        List<String> states = new ArrayList<>();
        run.get("invocations").forEach(i -> states.add(i.get("state").asText()));
        assertEquals(List.of("CheckStatus", "CheckStatus"), states);
        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching("/api/v1/veo/get-1080p-video.*"))).size());
    }

    @Test
    void failedGenerationEndsInItsFailState() {
        answersInTurn(json(example("failed.json").replace("9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6", TASK)));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.GenerationFailed", run.get("error").asText());
        assertEquals("Video generation failed, please try again", run.get("cause").asText());
    }

    @Test
    void upstream455TwiceThenRecoveringEndsInSuccess() {
        // The function's own retries absorb two failures within one invocation.
        answersInTurn(maintenance(), maintenance(), succeeded(TASK));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("SUCCEEDED"), invocations(run));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void upstreamDownForAWholeInvocationIsRetriedByTheStateMachine() {
        answersInTurn(maintenance(), maintenance(), maintenance(), succeeded(TASK));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("io.veostatus.error.UpstreamUnavailableException", "SUCCEEDED"), invocations(run));
        assertEquals(4, callsFor(TASK));
    }

    @Test
    void unknownForTheFirstTwoPollsThenFound() {
        answersInTurn(json(example("not-found-422.json")), json(example("not-found-422.json")), generating(TASK),
                succeeded(TASK));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("io.veostatus.error.TaskNotFoundException", "io.veostatus.error.TaskNotFoundException",
                "GENERATING", "SUCCEEDED"), invocations(run));
    }

    @Test
    void neverFinishingEndsTimedOut() {
        answersInTurn(generating(TASK));
        // A budget of 1 s, and Waits of 1.1 s instead of the advised seconds.
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\",\"maxWaitSeconds\":1}", 1_100);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.TimedOut", run.get("error").asText());
        assertTrue(run.get("cause").asText().contains("maxWaitSeconds 1"), run.get("cause").asText());
        List<String> invocations = invocations(run);
        assertEquals("TIMED_OUT", invocations.get(invocations.size() - 1));
        assertEquals(invocations.size() - 1, callsFor(TASK), "the timed-out poll made no upstream call");
    }

    @Test
    void unauthorizedEndsInTheAuthFailStateWithoutRetries() {
        answersInTurn(json(example("unauthorized.json")));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.UpstreamAuth", run.get("error").asText());
        assertTrue(run.get("cause").asText().contains("io.veostatus.error.UpstreamAuthException"));
        assertEquals(List.of("io.veostatus.error.UpstreamAuthException"), invocations(run));
        assertEquals(1, callsFor(TASK));
    }

    @Test
    void anInvalidTaskIdEndsInTheInputFailState() {
        JsonNode run = execute("{\"taskId\":\"../etc/passwd\"}", 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.InvalidInput", run.get("error").asText());
        assertEquals(0, callsFor(TASK));
    }

    private JsonNode execute(String input, long waitMs) {
        return execute(BatchItemProcessor.SINGLE_LOOP, input, waitMs);
    }

    private void answersInTurn(ResponseDefinitionBuilder... answers) {
        answersInTurn(TASK, answers);
    }
}
