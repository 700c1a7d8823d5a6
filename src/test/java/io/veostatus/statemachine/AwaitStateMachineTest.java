package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import io.veostatus.callback.CallbackProfile;
import io.veostatus.callback.DynaliteServer;
import io.veostatus.callback.StepFunctionsRecorder;
import io.veostatus.callback.VendorCallbacks;
import io.veostatus.docs.Pages;
import io.veostatus.keep.HandlerRouter;

/**
 * The await machine (statemachine/await-video.asl.json) run in the interpreter: its {@code AwaitCallback} registers
 * with the callback function and waits on its task token, which the callback function completes through the Step
 * Functions recorder when the vendor's callback (signed, to the secret URL) says the task ended and record-info agrees;
 * without a callback it polls through the status function. dynalite is the table, WireMock the Veo API.
 */
@QuarkusTest
@TestProfile(CallbackProfile.class)
class AwaitStateMachineTest extends StateMachineRunTest {

    static final Path AWAIT = Path.of("statemachine/await-video.asl.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HANDLERS = Map.of("CheckStatus", "veo-status", "AwaitCallback", "veo-callback",
            "NoteFallback", "veo-callback");
    /** Long enough that a callback path never falls back by chance, short enough that a broken one fails quickly. */
    private static final int AWAIT_SECONDS = 40;
    /** CallbackProfile's veo.callback.poll-spacing: long enough that a flood of callbacks falls within it. */
    private static final long SPACING_MILLIS = 3_000;

    private final VendorCallbacks vendor = new VendorCallbacks(CallbackProfile.HMAC_KEY, CallbackProfile.URL_SECRET);

    private static ExecutionOptions options(int awaitSeconds) {
        return ExecutionOptions.NONE.withSubstitutions(Map.of("CallbackTimeoutSeconds", "600"))
                .withHandlers(HANDLERS).withStatesUrl(CallbackProfile.states().endpoint())
                .withAwaitTimeoutSeconds(awaitSeconds).withHistory();
    }

    private JsonNode run(String task, int awaitSeconds) {
        return execute(AWAIT, "{\"taskId\":\"" + task + "\"}", 0, options(awaitSeconds));
    }

    private CompletableFuture<JsonNode> runAsync(String task) {
        return CompletableFuture.supplyAsync(() -> run(task, AWAIT_SECONDS));
    }

    /** An execution of the await machine waiting on {@code task}, which record-info says is generating. */
    private CompletableFuture<JsonNode> waitingExecution(String task) {
        answer(task, generating(task));
        CompletableFuture<JsonNode> execution = runAsync(task);
        awaitWaiters(task, 1);
        return execution;
    }

    /** The function's HTTP answer to one callback event: statusCode, headers, and the body read as JSON. */
    private JsonNode callback(String event) {
        String answer = invoke(HandlerRouter.routed("veo-callback", event)).statusCode(200).extract().asString();
        try {
            JsonNode reply = JSON.readTree(answer);
            ((com.fasterxml.jackson.databind.node.ObjectNode) reply).set("json", JSON.readTree(reply.get("body").asText()));
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertAnswer(JsonNode reply, int status, String outcome) {
        assertEquals(status, reply.get("statusCode").asInt(), reply.toString());
        assertEquals(outcome, reply.at("/json/outcome").asText(), reply.toString());
    }

    /**
     * Waits until {@code count} executions are registered as waiting on {@code task} and have asked record-info (a
     * registration stores its token first, then asks: a stub changed before it asked would be its answer).
     */
    private void awaitWaiters(String task, int count) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waiters(task) < count || callsFor(task) < count) {
            assertTrue(System.nanoTime() < until, "no " + count + " waiting executions of " + task);
            sleep(50);
        }
    }

    private static int waiters(String task) {
        return CallbackProfile.dynalite().client().query(query -> query.tableName(DynaliteServer.TABLE)
                .keyConditionExpression("taskId = :t AND begins_with(#e, :w)").expressionAttributeNames(Map.of("#e", "entry"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(task), ":w", AttributeValue.fromS("waiter#"))))
                .count();
    }

    /** The SendTaskSuccess calls that completed a token with this task's status. */
    private static List<StepFunctionsRecorder.Call> resumed(String task) {
        List<StepFunctionsRecorder.Call> calls = new ArrayList<>();
        for (StepFunctionsRecorder.Call call : CallbackProfile.states().calls()) {
            if (call.output() != null && call.status() == 200 && call.output().contains("\"taskId\":\"" + task + "\"")) {
                calls.add(call);
            }
        }
        return calls;
    }

    private static JsonNode result(CompletableFuture<JsonNode> execution) throws Exception {
        return execution.get(90, TimeUnit.SECONDS);
    }

    private static void save(String name, JsonNode run) throws IOException {
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", name), run.toPrettyString(), StandardCharsets.UTF_8);
    }

    private static List<String> steps(JsonNode run) {
        List<String> steps = new ArrayList<>();
        run.get("invocations").forEach(i -> steps.add(i.get("state").asText() + " " + i.get("answer").asText()));
        return steps;
    }

    @Test
    void aCallbackAfterTheRegistrationResumesTheExecutionWithTwoCallsToTheVeoApi() throws Exception {
        String task = "c0ffee0000000000000000000000c001";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        answer(task, succeeded(task));

        JsonNode reply = callback(vendor.event(task));

        assertAnswer(reply, 200, "ACCEPTED");
        JsonNode documented = JSON.readTree(BatchStateMachineExecutionTest.markedBlock(Pages.read(Path.of("docs/callbacks.md")),
                "accepted-callback-answer"));
        assertEquals(documented, reply.get("json"), "docs/callbacks.md shows the answer to an accepted callback");
        JsonNode run = result(execution);
        save("await-callback-execution.json", run);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run), "no poll: the callback resumed it");
        assertEquals("SUCCEEDED", run.at("/output/status").asText());
        assertEquals(videoUrl(task), run.at("/output/videoUrls/0").asText());
        assertEquals(2, callsFor(task), "the registration's record-info call and the callback's");
        assertEquals(1, resumed(task).size());
        assertEquals(0, waiters(task), "the resumed execution is forgotten");

        // The vendor may send the same callback again: nobody waits any more, and record-info is not asked.
        assertAnswer(callback(vendor.event(task)), 200, "WITHOUT_WAITER");
        assertAnswer(callback(vendor.event(task)), 200, "WITHOUT_WAITER");
        assertEquals(2, callsFor(task));
        assertEquals(1, resumed(task).size());
    }

    @Test
    void aCallbackBeforeTheRegistrationIsNotLost() throws Exception {
        String task = "c0ffee0000000000000000000000c002";
        answer(task, succeeded(task));

        assertAnswer(callback(vendor.event(task)), 200, "WITHOUT_WAITER");
        assertEquals(0, callsFor(task), "nobody waits: record-info is not asked");

        JsonNode run = run(task, AWAIT_SECONDS);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback SUCCEEDED"), steps(run), "the registration found the task ended and resumed it");
        assertFalse(run.at("/invocations/0/waiting").asBoolean(true));
        assertEquals(1, callsFor(task));
        assertEquals(1, resumed(task).size());
    }

    @Test
    void twoExecutionsWaitingOnOneTaskAreBothResumedByOneCallback() throws Exception {
        String task = "c0ffee0000000000000000000000c003";
        answer(task, generating(task));
        CompletableFuture<JsonNode> first = runAsync(task);
        JsonNode second;
        try (StateMachineInterpreter other = StateMachineInterpreter.start(mockEventServer())) {
            CompletableFuture<JsonNode> secondRun = CompletableFuture.supplyAsync(() -> other.execute(AWAIT,
                    "{\"taskId\":\"" + task + "\"}", 0, options(AWAIT_SECONDS)));
            awaitWaiters(task, 2);
            answer(task, succeeded(task));
            assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
            second = result(secondRun);
        }
        JsonNode firstRun = result(first);
        for (JsonNode run : List.of(firstRun, second)) {
            assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
            assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
        }
        assertEquals(3, callsFor(task), "two registrations and one callback");
        assertEquals(2, resumed(task).size());
    }

    @Test
    void aCallbackWhoseTaskRecordInfoSaysIsGeneratingChangesNothingWhateverItsBodySays() throws Exception {
        String task = "c0ffee0000000000000000000000c004";
        CompletableFuture<JsonNode> execution = waitingExecution(task);

        // Signed and sent to the right URL, and its body claims success: record-info decides.
        JsonNode reply = callback(vendor.event(task));
        // The vendor calls back when a task has ended: record-info lagging behind, it is asked to send it again.
        assertAnswer(reply, 503, "NOT_ENDED");
        assertEquals("3", reply.at("/headers/retry-after").asText());
        assertEquals("GENERATING", reply.at("/json/status").asText());
        assertEquals(0, resumed(task).size());
        assertEquals(1, waiters(task));

        sleep(SPACING_MILLIS + 100);
        answer(task, succeeded(task));
        assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
        JsonNode run = result(execution);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
        assertEquals(3, callsFor(task));
    }

    @Test
    void callbacksThatDoNotProveWhereTheyComeFromAreRefusedBeforeAnyCall() throws Exception {
        String task = "c0ffee0000000000000000000000c005";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        answer(task, succeeded(task));
        String body = VendorCallbacks.succeededBody(task);
        Instant now = Instant.now();

        Map<String, String> refused = Map.of(
                "a forged signature", VendorCallbacks.event(task, body, now, "not-the-key", CallbackProfile.URL_SECRET),
                "a stale timestamp", VendorCallbacks.event(task, body, now.minusSeconds(301), CallbackProfile.HMAC_KEY,
                        CallbackProfile.URL_SECRET),
                "no signature", VendorCallbacks.event(task, body, now, null, CallbackProfile.URL_SECRET),
                "the URL without its secret", VendorCallbacks.event(task, body, now, CallbackProfile.HMAC_KEY, null),
                "another URL secret", VendorCallbacks.event(task, body, now, CallbackProfile.HMAC_KEY,
                        CallbackProfile.URL_SECRET.replace('0', '1')),
                "another task's signature", VendorCallbacks.event(task.replace('5', '6'), body, now, CallbackProfile.HMAC_KEY,
                        CallbackProfile.URL_SECRET));
        refused.forEach((what, event) -> {
            JsonNode reply = callback(event);
            assertAnswer(reply, 401, "REJECTED");
            assertFalse(reply.get("body").asText().contains(task), what + ": the answer says nothing of the task");
        });
        JsonNode unreadable = callback(VendorCallbacks.event(task, "{\"data\":{\"taskId\":\"not a task!\"}}", now, null,
                CallbackProfile.URL_SECRET));
        assertAnswer(unreadable, 400, "UNREADABLE");
        assertEquals(1, callsFor(task), "only the registration asked record-info");
        assertEquals(0, resumed(task).size());
        assertEquals(1, waiters(task));

        assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
        assertEquals("SUCCEEDED", result(execution).get("outcome").asText());
    }

    @Test
    void aFloodOfValidCallbacksMakesOneRecordInfoCall() throws Exception {
        String task = "c0ffee0000000000000000000000c006";
        CompletableFuture<JsonNode> execution = waitingExecution(task);

        List<CompletableFuture<JsonNode>> flood = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> callback(vendor.event(task)))).toList();
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<JsonNode> reply : flood) {
            outcomes.add(reply.get(60, TimeUnit.SECONDS).at("/json/outcome").asText());
        }
        assertEquals(2, callsFor(task), "the registration's call and one of the flood's: " + outcomes);
        assertEquals(1, outcomes.stream().filter("NOT_ENDED"::equals).count(), outcomes.toString());
        assertTrue(outcomes.stream().allMatch(o -> o.equals("NOT_ENDED") || o.equals("RECENTLY_POLLED")), outcomes.toString());
        JsonNode busy = flood.stream().map(CompletableFuture::join).filter(r -> r.at("/json/outcome").asText()
                .equals("RECENTLY_POLLED")).findFirst().orElseThrow();
        assertEquals(503, busy.get("statusCode").asInt());
        assertEquals("3", busy.at("/headers/retry-after").asText(), "the vendor is told when to send it again");

        sleep(SPACING_MILLIS + 100);
        answer(task, succeeded(task));
        assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
        assertEquals("SUCCEEDED", result(execution).get("outcome").asText());
    }

    @Test
    void theVendorDownAtCallbackTimeIsAnsweredWithARetryThatThenResumesIt() throws Exception {
        String task = "c0ffee0000000000000000000000c007";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        answer(task, maintenance());

        JsonNode reply = callback(vendor.event(task));
        assertAnswer(reply, 503, "UNAVAILABLE");
        assertEquals("3", reply.at("/headers/retry-after").asText());
        assertEquals(1, waiters(task), "still waiting");

        sleep(SPACING_MILLIS + 100);
        answer(task, succeeded(task));
        assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
        JsonNode run = result(execution);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
    }

    @Test
    void withoutACallbackTheExecutionPollsAfterItsWait() throws Exception {
        String task = "c0ffee0000000000000000000000c008";
        answersInTurn(task, generating(task), generating(task), succeeded(task));

        JsonNode run = run(task, 1);

        save("await-fallback-execution.json", run);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING", "NoteFallback FALLBACK", "CheckStatus GENERATING",
                "CheckStatus SUCCEEDED"), steps(run));
        assertEquals(videoUrl(task), run.at("/output/videoUrls/0").asText());
        assertEquals(2, run.at("/output/poll/attempt").asInt(), "the loop's own TaskStatus, from its first poll on");
        List<String> events = new ArrayList<>();
        run.get("history").forEach(e -> events.add(e.get("type").asText() + " " + e.path("state").asText("") + " "
                + e.path("error").asText("")));
        assertTrue(events.contains("StateFailed AwaitCallback States.Timeout"), events.toString());
        assertTrue(events.contains("StateCaught AwaitCallback "), events.toString());
    }

    @Test
    void aFailedTaskEndsTheExecutionAsTheLoopWouldEndIt() throws Exception {
        String task = "c0ffee0000000000000000000000c009";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        answer(task, json(example("failed.json").replace("9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6", task)));

        JsonNode reply = callback(VendorCallbacks.event(task, "{\"code\":501,\"msg\":\"failed\",\"data\":{\"taskId\":\""
                + task + "\"}}", Instant.now(), CallbackProfile.HMAC_KEY, CallbackProfile.URL_SECRET));

        assertAnswer(reply, 200, "ACCEPTED");
        assertEquals("FAILED", reply.at("/json/status").asText());
        JsonNode run = result(execution);
        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.GenerationFailed", run.get("error").asText());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
    }

    @Test
    void aRegistrationThatFailsPollsAtOnce() throws Exception {
        String task = "c0ffee0000000000000000000000c010";
        answer(task, succeeded(task));
        CallbackProfile.states().unavailable(StepFunctionsRecorder.Unavailable.INTERNAL_FAILURE);
        JsonNode run;
        long started = System.nanoTime();
        try {
            run = run(task, AWAIT_SECONDS);
        } finally {
            CallbackProfile.states().available();
        }
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback io.veostatus.error.CallbackUnavailableException", "NoteFallback FALLBACK",
                "CheckStatus SUCCEEDED"), steps(run));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(AWAIT_SECONDS)) < 0,
                "without waiting for the callback");
    }

    @Test
    void aRegistrationWhoseTableIsGonePollsAtOnce() throws Exception {
        String task = "c0ffee0000000000000000000000c011";
        answer(task, succeeded(task));
        CallbackProfile.dynalite().client().deleteTable(delete -> delete.tableName(DynaliteServer.TABLE));
        JsonNode run;
        try {
            run = run(task, AWAIT_SECONDS);
        } finally {
            CallbackProfile.dynalite().createTable();
        }
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback io.veostatus.error.CallbackUnavailableException", "NoteFallback FALLBACK",
                "CheckStatus SUCCEEDED"), steps(run));
        assertEquals(0, resumed(task).size());
    }

    @Test
    void aRegistrationWhoseRecordInfoCallFailsWaitsForTheCallback() throws Exception {
        String task = "c0ffee0000000000000000000000c012";
        // A task created a moment ago: record-info does not know it yet.
        answer(task, json("{\"code\":200,\"msg\":\"success\",\"data\":null}"));
        CompletableFuture<JsonNode> execution = runAsync(task);
        awaitWaiters(task, 1);
        answer(task, succeeded(task));

        assertAnswer(callback(vendor.event(task)), 200, "ACCEPTED");
        JsonNode run = result(execution);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(1, run.get("invocations").size(), run.toString());
        assertEquals("AwaitCallback", run.at("/invocations/0/state").asText());
        assertTrue(run.at("/invocations/0/waiting").asBoolean(), run.toString());
    }

    @Test
    void aRegistrationWhoseKeyIsRefusedPollsAtOnceAndTheLoopReportsIt() throws Exception {
        String task = "c0ffee0000000000000000000000c013";
        answer(task, aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":401,\"msg\":\"You do not have access permissions\"}"));
        long started = System.nanoTime();

        JsonNode run = run(task, AWAIT_SECONDS);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.UpstreamAuth", run.get("error").asText());
        assertEquals(List.of("AwaitCallback io.veostatus.error.UpstreamAuthException", "NoteFallback FALLBACK",
                "CheckStatus io.veostatus.error.UpstreamAuthException"), steps(run));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(AWAIT_SECONDS)) < 0,
                "without waiting for a callback that a refused key makes pointless");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
