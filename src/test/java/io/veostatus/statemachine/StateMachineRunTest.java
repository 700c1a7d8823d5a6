package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.veostatus.status.LambdaInvocationTest;

/**
 * Runs a state machine file, unchanged, in an Amazon States Language interpreter nobody here wrote
 * (aws-local-stepfunctions, after asl-validator; see src/test/statemachine/run-execution.mjs), whose
 * CheckStatus Task invokes this function through the Lambda mock event server, which calls WireMock as
 * the Veo API. Only AWS itself is simulated. One Node.js process serves all the tests of a class and ends
 * with them.
 *
 * <p>A test instance per test (JUnit's default): when Quarkus could not start for a class, each of its tests is
 * then reported as skipped ("Boot failed"); with one instance per class the class's tests were not reported at
 * all ("Tests run: 0").
 */
abstract class StateMachineRunTest extends LambdaInvocationTest {

    /** Shared by the tests of one class; started on first use, stopped after the class's last test. */
    private static StateMachineInterpreter interpreter;

    /**
     * Runs one execution and returns what the runner answered: outcome, output or error and cause,
     * outputBytes, invocations, mostInvocationsAtOnce.
     *
     * @param waitMs how long each WaitBeforeNextPoll waits instead of the advised seconds
     */
    protected JsonNode execute(Path definition, String input, long waitMs) {
        return execute(definition, input, waitMs, Map.of(), Map.of());
    }

    /** As above, with the definition's ${...} substituted and Task events routed to named handlers (run-execution.mjs). */
    protected JsonNode execute(Path definition, String input, long waitMs, Map<String, String> substitutions,
            Map<String, String> handlers) {
        if (interpreter == null) {
            // The port the mock event server got (application.properties leaves it to the system).
            int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
            interpreter = StateMachineInterpreter.start("http://localhost:" + port + "/_lambda_");
        }
        JsonNode run = interpreter.execute(definition, input, waitMs, substitutions, handlers);
        assertNotEquals("INVALID", run.path("outcome").asText(), "asl-validator: " + run);
        return run;
    }

    /** As above, with the runner's options; the functions are this test's mock event server's unless they say otherwise. */
    protected JsonNode execute(Path definition, String input, long waitMs, ExecutionOptions options) {
        if (interpreter == null) {
            interpreter = StateMachineInterpreter.start(mockEventServer());
        }
        JsonNode run = interpreter.execute(definition, input, waitMs, options);
        assertNotEquals("INVALID", run.path("outcome").asText(), "asl-validator: " + run);
        return run;
    }

    /** The Lambda mock event server's URL (application.properties leaves its port to the system). */
    protected static String mockEventServer() {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        return "http://localhost:" + port + "/_lambda_";
    }

    @AfterAll
    static void stopInterpreter() {
        if (interpreter != null) {
            interpreter.close();
            interpreter = null;
        }
    }

    /** Record-info answers for one task, one per call in this order; the last one repeats. */
    protected void answersInTurn(String taskId, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            var stub = recordInfo(taskId).inScenario(taskId)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "turn " + i);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("turn " + (i + 1));
            }
            wiremock.register(stub.willReturn(answers[i]));
        }
    }

    /** What each invocation answered (a status or an errorType), in the order made. */
    protected static List<String> invocations(JsonNode run) {
        List<String> list = new ArrayList<>();
        run.get("invocations").forEach(i -> list.add(i.get("answer").asText()));
        return list;
    }

    /** What the invocations for one task answered, in the order made. */
    protected static List<String> invocations(JsonNode run, String taskId) {
        List<String> list = new ArrayList<>();
        run.get("invocations").forEach(i -> {
            if (taskId.equals(i.get("taskId").asText())) {
                list.add(i.get("answer").asText());
            }
        });
        return list;
    }

    protected static ResponseDefinitionBuilder generating(String taskId) {
        return json(example("generating.json").replace("3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7", taskId));
    }

    protected static ResponseDefinitionBuilder maintenance() {
        return json(example("maintenance.json"));
    }

    protected static String videoUrl(String taskId) {
        return "https://cdn.example.org/" + taskId + ".mp4";
    }

    protected static ResponseDefinitionBuilder succeeded(String taskId) {
        return json("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + taskId
                + "\",\"paramJson\":\"{\\\"prompt\\\":\\\"x\\\"}\",\"response\":{\"taskId\":\"" + taskId
                + "\",\"resultUrls\":[\"" + videoUrl(taskId) + "\"]},"
                + "\"successFlag\":1,\"createTime\":1764403200000,\"completeTime\":1764403380000}}");
    }

    protected static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
