package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.veostatus.lambda.LambdaInvocationTest;

/**
 * The state machine file, unchanged, run in an Amazon States Language interpreter nobody here wrote
 * (aws-local-stepfunctions, after asl-validator), whose Task invokes this function through the Lambda
 * mock event server, which calls WireMock as the Veo API. Only AWS itself is simulated.
 */
@QuarkusTest
class StateMachineExecutionTest extends LambdaInvocationTest {

    private static final String TASK = "7c1e5a9b3d2f4e6a8b0c1d2e3f4a5b6c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void generatingForSeveralPollsThenSucceeded() {
        answersInTurn(generating(), generating(), generating(), json(succeeded()));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        JsonNode output = run.get("output");
        assertEquals("SUCCEEDED", output.get("status").asText());
        assertEquals("https://cdn.example.org/" + TASK + ".mp4", output.get("videoUrls").get(0).asText());
        assertEquals(4, output.get("poll").get("attempt").asInt(), "the poll state travelled through the loop");
        assertEquals(List.of("GENERATING", "GENERATING", "GENERATING", "SUCCEEDED"), invocations(run));
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
        answersInTurn(maintenance(), maintenance(), json(succeeded()));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("SUCCEEDED"), invocations(run));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void upstreamDownForAWholeInvocationIsRetriedByTheStateMachine() {
        answersInTurn(maintenance(), maintenance(), maintenance(), json(succeeded()));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("io.veostatus.error.UpstreamUnavailableException", "SUCCEEDED"), invocations(run));
        assertEquals(4, callsFor(TASK));
    }

    @Test
    void unknownForTheFirstTwoPollsThenFound() {
        answersInTurn(json(example("not-found-422.json")), json(example("not-found-422.json")), generating(),
                json(succeeded()));
        JsonNode run = execute("{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("io.veostatus.error.TaskNotFoundException", "io.veostatus.error.TaskNotFoundException",
                "GENERATING", "SUCCEEDED"), invocations(run));
    }

    @Test
    void neverFinishingEndsTimedOut() {
        answersInTurn(generating());
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

    /** Record-info answers for TASK, one per call in this order; the last one repeats. */
    private void answersInTurn(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            var stub = recordInfo(TASK).inScenario("turns")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn " + i);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("turn " + (i + 1));
            }
            wiremock.register(stub.willReturn(answers[i]));
        }
    }

    private JsonNode execute(String input, long waitMs) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.lambda.mock-event-server.test-port", Integer.class)
                .orElse(8081);
        ProcessBuilder node = new ProcessBuilder("node", "-r", "./src/test/statemachine/polyfill.cjs",
                "src/test/statemachine/run-execution.mjs", StateMachineErrorNamesTest.DEFINITION.toString(), input)
                .redirectErrorStream(true);
        node.environment().put("VEO_STATUS_LAMBDA_URL", "http://localhost:" + port + "/_lambda_");
        node.environment().put("WAIT_MS", String.valueOf(waitMs));
        try {
            Process process = node.start();
            byte[] printed;
            try (InputStream out = process.getInputStream()) {
                printed = out.readAllBytes();
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the interpreter finished");
            String text = new String(printed, StandardCharsets.UTF_8).strip();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            assertTrue(last.startsWith("{"), "the interpreter printed: " + text);
            JsonNode run = JSON.readTree(last);
            assertTrue(!"INVALID".equals(run.path("outcome").asText()), "asl-validator: " + run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> invocations(JsonNode run) {
        List<String> list = new ArrayList<>();
        run.get("invocations").forEach(i -> list.add(i.asText()));
        return list;
    }

    private static ResponseDefinitionBuilder generating() {
        return json(example("generating.json").replace("3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7", TASK));
    }

    private static ResponseDefinitionBuilder maintenance() {
        return json(example("maintenance.json"));
    }

    private static String succeeded() {
        return "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + TASK + "\",\"paramJson\":\"{\\\"prompt\\\":\\\"x\\\"}\","
                + "\"response\":{\"taskId\":\"" + TASK + "\",\"resultUrls\":[\"https://cdn.example.org/" + TASK + ".mp4\"]},"
                + "\"successFlag\":1,\"createTime\":1764403200000,\"completeTime\":1764403380000}}";
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

}
