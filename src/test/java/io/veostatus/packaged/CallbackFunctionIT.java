package io.veostatus.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import io.veostatus.callback.DynaliteServer;
import io.veostatus.callback.StepFunctionsRecorder;
import io.veostatus.callback.VendorCallbacks;
import io.veostatus.statemachine.ExecutionOptions;
import io.veostatus.statemachine.StateMachineInterpreter;

/**
 * The await machine run in the interpreter against the callback function as it is deployed: its package
 * (template.yaml's {@code CodeUri}, target/callback/function.zip) and the status function's, each started by the
 * packaged tests' launchers with its settings from template.yaml, dynalite as the table, the Step Functions recorder
 * as Step Functions and WireMock as the Veo API. The same cases run against whichever artifacts the zips hold: the
 * JVM jars or the native executables.
 */
class CallbackFunctionIT {

    /** The callback function's clients of the AWS SDK: in its package, and in neither of the others'. */
    static final String DYNAMODB_CLIENT = "software.amazon.awssdk.services.dynamodb.DynamoDbClient";
    static final String SFN_CLIENT = "software.amazon.awssdk.services.sfn.SfnClient";
    private static final Path AWAIT = Path.of("statemachine/await-video.asl.json");
    private static final String KEY = "callback-it-key-DO-NOT-LEAK";
    private static final String HMAC_KEY = "callback-it-hmac-DO-NOT-LEAK";
    private static final String URL_SECRET = "callback-it-url-secret-0123456789abcdef-DO-NOT-LEAK";
    private static final String RECORD_INFO = "/api/v1/veo/record-info";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Record-info is asked at most once per task per this long: short, so that a vendor's retry comes soon. */
    private static final Duration SPACING = Duration.ofSeconds(2);

    private static WireMockServer veoApi;
    private static DynaliteServer dynalite;
    private static StepFunctionsRecorder states;
    private static PackagedFunction callback;
    private static PackagedFunction status;
    private static FunctionInvokeEndpoint functions;
    private static StateMachineInterpreter interpreter;
    private static String packaging;

    private final VendorCallbacks vendor = new VendorCallbacks(HMAC_KEY, URL_SECRET);

    @BeforeAll
    static void start() throws Exception {
        veoApi = new WireMockServer(options().dynamicPort());
        veoApi.start();
        dynalite = DynaliteServer.start();
        states = StepFunctionsRecorder.start();

        FunctionLauncher callbackLauncher = FunctionLauncher.forFunction("VeoCallbackFunction", Map.of());
        packaging = callbackLauncher.isNative() ? "native" : "jvm";
        assertTrue(callbackLauncher.holds(DYNAMODB_CLIENT) && callbackLauncher.holds(SFN_CLIENT),
                "the callback function's package carries the clients it stores and resumes with");
        Map<String, String> settings = new HashMap<>();
        settings.put("VEO_API_KEY", KEY);
        settings.put("VEO_API_BASE_URL", "http://localhost:" + veoApi.port());
        settings.putAll(dynalite.environment());
        settings.putAll(states.environment());
        settings.put("VEO_CALLBACK_HMAC_KEY", HMAC_KEY);
        settings.put("VEO_CALLBACK_URL_SECRET", URL_SECRET);
        settings.put("VEO_CALLBACK_POLL_SPACING", SPACING.toSeconds() + "s");
        callback = callbackLauncher.start(settings, Files.createTempFile("veo-callback-function", ".log"));

        FunctionLauncher statusLauncher = FunctionLauncher.forFunction(FunctionLauncher.STATUS_FUNCTION, Map.of());
        status = statusLauncher.start(Map.of("VEO_API_KEY", KEY, "VEO_API_BASE_URL", "http://localhost:" + veoApi.port()),
                Files.createTempFile("veo-status-function", ".log"));

        functions = FunctionInvokeEndpoint.start(Map.of("veo-callback", callback::invoke, "veo-status", status::invoke));
        interpreter = StateMachineInterpreter.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (callback != null) {
                String output = callback.output();
                for (String secret : List.of(KEY, HMAC_KEY, URL_SECRET)) {
                    assertFalse(output.contains(secret), "the callback function's output holds a secret");
                }
            }
        } finally {
            for (AutoCloseable closing : new AutoCloseable[] { interpreter, functions, callback, status, states, dynalite }) {
                if (closing != null) {
                    closing.close();
                }
            }
            if (veoApi != null) {
                veoApi.stop();
            }
        }
    }

    private static void recordInfo(String task, String body) {
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(task))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static String generating(String task) {
        return "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + task + "\",\"successFlag\":0,"
                + "\"createTime\":" + Instant.now().minusSeconds(30).toEpochMilli() + "}}";
    }

    private static String succeeded(String task) {
        return "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + task + "\",\"paramJson\":\"{\\\"prompt\\\":\\\"x\\\"}\","
                + "\"response\":{\"taskId\":\"" + task + "\",\"resultUrls\":[\"https://cdn.example.org/" + task + ".mp4\"]},"
                + "\"successFlag\":1,\"createTime\":1764403200000,\"completeTime\":1764403380000}}";
    }

    private static int recordInfoCalls(String task) {
        return veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(task))).size();
    }

    private static JsonNode run(StateMachineInterpreter on, String task, int awaitSeconds) {
        return on.execute(AWAIT, "{\"taskId\":\"" + task + "\"}", 0, ExecutionOptions.NONE
                .withSubstitutions(Map.of("CallbackTimeoutSeconds", "600"))
                .withHandlers(Map.of("CheckStatus", "veo-status", "AwaitCallback", "veo-callback", "NoteFallback", "veo-callback"))
                .withLambdaUrl(functions.url()).withStatesUrl(states.endpoint()).withAwaitTimeoutSeconds(awaitSeconds)
                .withHistory());
    }

    /** The callback function's HTTP answer, with its body read as JSON under {@code json}. */
    private static JsonNode callback(String event) throws Exception {
        RuntimeApiServer.Answer answer = callback.invoke(event);
        assertFalse(answer.failed(), answer.body());
        JsonNode reply = JSON.readTree(answer.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) reply).set("json", JSON.readTree(reply.get("body").asText()));
        return reply;
    }

    /**
     * Waits until an execution is registered as waiting on {@code task} and has asked record-info (a registration
     * stores its token first, then asks: a stub changed before it asked would be its answer).
     */
    /** An execution of the await machine waiting on {@code task}, which record-info says is generating. */
    private static CompletableFuture<JsonNode> waitingExecution(String task) throws InterruptedException {
        recordInfo(task, generating(task));
        CompletableFuture<JsonNode> execution = CompletableFuture.supplyAsync(() -> run(interpreter, task, 60));
        awaitWaiters(task, 1);
        return execution;
    }

    /** Waits until {@code count} executions wait on {@code task} and have asked record-info. */
    private static void awaitWaiters(String task, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dynalite.client().query(query -> query.tableName(DynaliteServer.TABLE)
                .keyConditionExpression("taskId = :t AND begins_with(#e, :w)").expressionAttributeNames(Map.of("#e", "entry"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(task), ":w", AttributeValue.fromS("waiter#"))))
                .count() < count || recordInfoCalls(task) < count) {
            assertTrue(System.nanoTime() < until, "the executions did not register");
            Thread.sleep(50);
        }
    }

    private static List<String> steps(JsonNode run) {
        List<String> steps = new ArrayList<>();
        run.get("invocations").forEach(i -> steps.add(i.get("state").asText() + " " + i.get("answer").asText()));
        return steps;
    }

    /** For the record (the closing note of a build): the execution's states and their times. */
    private static void save(String path, JsonNode run) throws Exception {
        Files.writeString(Path.of("target", "await-it-" + packaging + "-" + path + ".json"), run.toPrettyString(),
                StandardCharsets.UTF_8);
    }

    @Test
    void theVendorsCallbackResumesTheWaitingExecution() throws Exception {
        String task = "c0ffee00000000000000000000001701";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        recordInfo(task, succeeded(task));

        JsonNode reply = callback(vendor.event(task));

        assertEquals(200, reply.get("statusCode").asInt(), reply.toString());
        assertEquals("ACCEPTED", reply.at("/json/outcome").asText());
        JsonNode run = execution.get(120, TimeUnit.SECONDS);
        save("callback", run);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
        assertEquals("https://cdn.example.org/" + task + ".mp4", run.at("/output/videoUrls/0").asText());
        assertEquals(2, recordInfoCalls(task));
        // A duplicate: nobody waits any more.
        assertEquals("WITHOUT_WAITER", callback(vendor.event(task)).at("/json/outcome").asText());
        assertEquals(2, recordInfoCalls(task));
    }

    @Test
    void withoutACallbackTheExecutionPollsThroughTheStatusFunction() throws Exception {
        String task = "c0ffee00000000000000000000001702";
        recordInfo(task, generating(task));
        CompletableFuture<JsonNode> execution = CompletableFuture.supplyAsync(() -> run(interpreter, task, 2));
        awaitWaiters(task, 1);
        // The task ends while the execution waits, but no callback comes.
        recordInfo(task, succeeded(task));

        JsonNode run = execution.get(120, TimeUnit.SECONDS);

        save("fallback", run);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING", "NoteFallback FALLBACK", "CheckStatus SUCCEEDED"), steps(run));
        assertEquals(1, run.at("/output/poll/attempt").asInt());
    }

    @Test
    void aCallbackBeforeTheRegistrationIsNotLost() throws Exception {
        String task = "c0ffee00000000000000000000001703";
        recordInfo(task, succeeded(task));
        assertEquals("WITHOUT_WAITER", callback(vendor.event(task)).at("/json/outcome").asText());

        JsonNode run = run(interpreter, task, 60);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback SUCCEEDED"), steps(run));
        assertEquals(1, recordInfoCalls(task));
    }

    @Test
    void forgedAndStaleCallbacksAreRefusedAndCountedAsRejected() throws Exception {
        String task = "c0ffee00000000000000000000001704";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        recordInfo(task, succeeded(task));
        String body = VendorCallbacks.succeededBody(task);

        for (String event : List.of(VendorCallbacks.event(task, body, Instant.now(), "forged-key", URL_SECRET),
                VendorCallbacks.event(task, body, Instant.now().minusSeconds(400), HMAC_KEY, URL_SECRET),
                VendorCallbacks.event(task, body, Instant.now(), HMAC_KEY, null))) {
            JsonNode reply = callback(event);
            assertEquals(401, reply.get("statusCode").asInt(), reply.toString());
            assertEquals("REJECTED", reply.at("/json/outcome").asText());
        }
        assertEquals(1, recordInfoCalls(task), "no refused callback asked record-info");
        List<String> lines = callback.outputLines();
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"Callbacks\"") && line.contains("\"REJECTED\"")),
                "the summary line's metrics count the rejected callbacks");

        assertEquals("ACCEPTED", callback(vendor.event(task)).at("/json/outcome").asText());
        assertEquals("SUCCEEDED", execution.get(120, TimeUnit.SECONDS).get("outcome").asText());
        assertTrue(callback.outputLines().stream().anyMatch(line -> line.contains("\"TokensCompleted\":1")),
                "the accepted callback's summary line counts the token it completed");
    }

    @Test
    void twoExecutionsWaitingOnOneTaskAreBothResumedByOneCallback() throws Exception {
        String task = "c0ffee00000000000000000000001705";
        recordInfo(task, generating(task));
        JsonNode second;
        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> run(interpreter, task, 60));
        try (StateMachineInterpreter other = StateMachineInterpreter.start()) {
            CompletableFuture<JsonNode> secondRun = CompletableFuture.supplyAsync(() -> run(other, task, 60));
            awaitWaiters(task, 2);
            recordInfo(task, succeeded(task));
            assertEquals("ACCEPTED", callback(vendor.event(task)).at("/json/outcome").asText());
            second = secondRun.get(120, TimeUnit.SECONDS);
        }
        for (JsonNode run : List.of(first.get(120, TimeUnit.SECONDS), second)) {
            assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
            assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
        }
        assertEquals(3, recordInfoCalls(task));
    }

    @Test
    void aCallbackForATaskStillGeneratingChangesNothingAndItsRetryResumesIt() throws Exception {
        String task = "c0ffee00000000000000000000001706";
        CompletableFuture<JsonNode> execution = waitingExecution(task);

        // Its body says the task succeeded; record-info, which decides, says it is generating.
        JsonNode reply = callback(vendor.event(task));
        assertEquals(503, reply.get("statusCode").asInt(), reply.toString());
        assertEquals("NOT_ENDED", reply.at("/json/outcome").asText());
        assertFalse(execution.isDone());

        Thread.sleep(SPACING.toMillis() + 200);
        recordInfo(task, succeeded(task));
        assertEquals("ACCEPTED", callback(vendor.event(task)).at("/json/outcome").asText());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(execution.get(120, TimeUnit.SECONDS)));
    }

    @Test
    void theVendorDownAtCallbackTimeIsAnsweredWithARetryThatResumesIt() throws Exception {
        String task = "c0ffee00000000000000000000001707";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(task))
                .willReturn(aResponse().withStatus(503).withBody("upstream maintenance")));

        JsonNode reply = callback(vendor.event(task));
        assertEquals(503, reply.get("statusCode").asInt(), reply.toString());
        assertEquals("UNAVAILABLE", reply.at("/json/outcome").asText());
        assertEquals(String.valueOf(SPACING.toSeconds()), reply.at("/headers/retry-after").asText());

        Thread.sleep(SPACING.toMillis() + 200);
        recordInfo(task, succeeded(task));
        assertEquals("ACCEPTED", callback(vendor.event(task)).at("/json/outcome").asText());
        JsonNode run = execution.get(120, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
    }

    @Test
    void aFailedTaskEndsTheExecutionAsTheLoopWouldEndIt() throws Exception {
        String task = "c0ffee00000000000000000000001708";
        CompletableFuture<JsonNode> execution = waitingExecution(task);
        recordInfo(task, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + task + "\",\"successFlag\":2,"
                + "\"errorCode\":500,\"errorMessage\":\"Video generation failed, please try again\","
                + "\"createTime\":1764403200000,\"completeTime\":1764403380000}}");

        JsonNode reply = callback(VendorCallbacks.event(task, "{\"code\":501,\"msg\":\"failed\",\"data\":{\"taskId\":\""
                + task + "\"}}", Instant.now(), HMAC_KEY, URL_SECRET));

        assertEquals("ACCEPTED", reply.at("/json/outcome").asText(), reply.toString());
        JsonNode run = execution.get(120, TimeUnit.SECONDS);
        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.GenerationFailed", run.get("error").asText());
        assertEquals(List.of("AwaitCallback GENERATING"), steps(run));
    }
}
