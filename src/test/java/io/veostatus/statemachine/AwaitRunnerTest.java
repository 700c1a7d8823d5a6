package io.veostatus.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import io.veostatus.callback.StepFunctionsRecorder;
import io.veostatus.packaged.FunctionInvokeEndpoint;
import io.veostatus.packaged.RuntimeApiServer;

/**
 * The runner's .waitForTaskToken state (src/test/statemachine/run-execution.mjs), which the interpreter does not
 * have: a definition of the waiting alone, whose function is a stand-in that answers at once and completes the token
 * (or not) through the Step Functions recorder, as the callback function will. No Quarkus: the runner is given the
 * stand-in's invoke endpoint per execution.
 */
class AwaitRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFINITION = Path.of("src/test/resources/statemachine/await-callback.asl.json");
    private static final String TASK = "a11ce0000000000000000000000000aa";
    private static final String INPUT = "{\"taskId\":\"" + TASK + "\"}";
    private static final String SUCCEEDED = "{\"taskId\":\"" + TASK + "\",\"status\":\"SUCCEEDED\",\"poll\":{\"attempt\":1}}";

    /** Shared by the tests: Node.js and the validation of the definition once. */
    private static StateMachineInterpreter interpreter;

    private StepFunctionsRecorder states;
    private FunctionInvokeEndpoint functions;
    /** What the stand-in does with a registration's task token; it answers what this returns. */
    private volatile Function<String, RuntimeApiServer.Answer> registration;
    private final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void startInterpreter() {
        interpreter = StateMachineInterpreter.start();
    }

    @AfterAll
    static void stopInterpreter() {
        interpreter.close();
    }

    @BeforeEach
    void start() {
        states = StepFunctionsRecorder.start();
        functions = FunctionInvokeEndpoint.start(Map.of("veo-callback", this::standIn));
    }

    @AfterEach
    void stop() {
        functions.close();
        states.close();
    }

    private synchronized RuntimeApiServer.Answer standIn(String event) throws Exception {
        JsonNode payload = JSON.readTree(event);
        if (payload.path("fallback").asBoolean()) {
            return answer("{\"taskId\":\"" + TASK + "\",\"fallback\":true}");
        }
        String token = payload.path("taskToken").asText();
        tokens.add(token);
        return registration.apply(token);
    }

    private static RuntimeApiServer.Answer answer(String body) {
        return new RuntimeApiServer.Answer(body, null, Duration.ZERO, "request");
    }

    private static RuntimeApiServer.Answer waiting() {
        return answer("{\"taskId\":\"" + TASK + "\",\"status\":\"GENERATING\",\"waiting\":true}");
    }

    private JsonNode run(int awaitTimeoutSeconds) {
        return interpreter.execute(DEFINITION, INPUT, 0, ExecutionOptions.NONE.withLambdaUrl(functions.url())
                .withStatesUrl(states.endpoint()).withAwaitTimeoutSeconds(awaitTimeoutSeconds)
                .withHandlers(Map.of("AwaitCallback", "veo-callback", "NoteFallback", "veo-callback")).withHistory());
    }

    /** Completes the token a while after the registration answered, from another thread, as a vendor's callback would. */
    private RuntimeApiServer.Answer completedLater(String token) {
        CompletableFuture.runAsync(() -> states.client().sendTaskSuccess(send -> send.taskToken(token).output(SUCCEEDED)),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        return waiting();
    }

    @Test
    void aSendTaskSuccessAfterTheRegistrationResumesTheStateWithItsOutput() throws Exception {
        registration = this::completedLater;

        JsonNode run = run(30);

        assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toString());
        assertEquals(JSON.readTree(SUCCEEDED), run.get("output"), "the SendTaskSuccess output itself is the state's result");
        assertEquals(List.of("AwaitCallback GENERATING waiting"), steps(run));
        String token = tokens.get(0);
        assertTrue(token.length() > 600, "a token as long as Step Functions': " + token.length());
        assertTrue(states.completion(token).orElseThrow().succeeded());
        assertTrue(exited(run, "AwaitCallback") >= 300, "the state waited for the token: " + run.get("history"));
    }

    @Test
    void aSendTaskSuccessWithinTheRegistrationIsNotMissed() {
        // The function's own poll found the task ended: it completes the token before it answers.
        registration = token -> {
            states.client().sendTaskSuccess(send -> send.taskToken(token).output(SUCCEEDED));
            return answer("{\"taskId\":\"" + TASK + "\",\"status\":\"SUCCEEDED\",\"waiting\":false}");
        };

        JsonNode run = run(30);

        assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toString());
        assertEquals("SUCCEEDED", run.at("/output/status").asText());
        assertEquals(List.of("AwaitCallback SUCCEEDED done"), steps(run));
    }

    @Test
    void withoutACompletionTheStateTimesOutIntoItsTimeoutCatchAndTheTokenIsClosed() throws Exception {
        registration = token -> waiting();

        JsonNode run = run(1);

        assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toString());
        assertEquals("States.Timeout", run.at("/output/timedOut/Error").asText(), run.toString());
        assertTrue(run.get("output").path("failed").isMissingNode(), "the States.Timeout catcher, not States.ALL");
        assertEquals(List.of("AwaitCallback GENERATING waiting", "NoteFallback FALLBACK"), steps(run));
        JsonNode failed = event(run, "StateFailed", "AwaitCallback");
        assertEquals("States.Timeout", failed.path("error").asText());
        assertTrue(failed.path("ms").asLong() >= 1000, "failed after its TimeoutSeconds: " + failed);

        // The waiting has stopped; and as on AWS, a callback arriving after the state stopped waiting is refused.
        int polls = states.completionPolls();
        Thread.sleep(2500);
        assertEquals(polls, states.completionPolls(), "no completion poll after the execution ended");
        String token = tokens.get(0);
        assertThrows(TaskTimedOutException.class,
                () -> states.client().sendTaskSuccess(send -> send.taskToken(token).output(SUCCEEDED)));
    }

    @Test
    void aFunctionErrorGoesToTheCatchAtOnceWithoutWaiting() {
        String error = "{\"errorType\":\"CallbackTableUnavailable\",\"errorMessage\":\"the table did not answer\"}";
        registration = token -> new RuntimeApiServer.Answer(error, "CallbackTableUnavailable", Duration.ZERO, "request");

        JsonNode run = run(30);

        assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toString());
        assertEquals("CallbackTableUnavailable", run.at("/output/failed/Error").asText(), run.toString());
        assertEquals(List.of("AwaitCallback CallbackTableUnavailable", "NoteFallback FALLBACK"), steps(run));
        assertEquals(0, states.completionPolls(), "a failed registration is not waited for");
        assertTrue(event(run, "StateFailed", "AwaitCallback").path("ms").asLong() < 1000);
    }

    @Test
    void aSendTaskFailureFailsTheStateWithItsErrorAndCause() {
        registration = token -> {
            CompletableFuture.runAsync(() -> states.client().sendTaskFailure(
                    send -> send.taskToken(token).error("VeoTaskFailed").cause("the vendor said so")),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            return waiting();
        };

        JsonNode run = run(30);

        assertEquals("VeoTaskFailed", run.at("/output/failed/Error").asText(), run.toString());
        assertEquals("the vendor said so", run.at("/output/failed/Cause").asText());
        assertFalse(states.completion(tokens.get(0)).orElseThrow().succeeded());
    }

    /** Each invocation as "state answer", with "waiting" or "done" when the function said whether it waits. */
    private static List<String> steps(JsonNode run) {
        List<String> steps = new ArrayList<>();
        run.get("invocations").forEach(i -> steps.add(i.get("state").asText() + " " + i.get("answer").asText()
                + (i.has("waiting") ? (i.get("waiting").asBoolean() ? " waiting" : " done") : "")));
        return steps;
    }

    private static JsonNode event(JsonNode run, String type, String state) {
        for (JsonNode event : run.get("history")) {
            if (type.equals(event.path("type").asText()) && state.equals(event.path("state").asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " of " + state + " in " + run.get("history"));
    }

    private static long exited(JsonNode run, String state) {
        return event(run, "StateExited", state).path("ms").asLong();
    }
}
