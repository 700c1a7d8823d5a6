package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.junit.QuarkusTest;

import io.veostatus.docs.Pages;

/**
 * The batch machine, poll-videos.asl.json, run unchanged in the interpreter against this function (see
 * StateMachineRunTest). The interpreter runs the Distributed Map's item processor once per task inside its
 * own process, with ItemSelector and MaxConcurrencyPath applied, as nested runs rather than separate
 * Standard executions; it has no payload limit, so the output's size is measured here against Step
 * Functions' 256 KiB.
 */
@QuarkusTest
class BatchStateMachineExecutionTest extends StateMachineRunTest {

    /** Step Functions' limit on any state's input or output, and an execution's: 256 KiB as UTF-8. */
    static final int PAYLOAD_LIMIT_BYTES = 256 * 1024;
    /** The batch file's own limits: the largest batch it takes, the default maxConcurrency. */
    private static final BatchLimits LIMITS = BatchLimits.read();
    private static final int MAX_BATCH = LIMITS.maxBatch();

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Outcome { GENERATING_THEN_DONE, FAILED, NOT_FOUND_THEN_FOUND, NEVER_FINISHING, UNAUTHORIZED }

    @Test
    void twentyFiveTasksWithMixedOutcomesEachEndInAResultAndAreCounted() throws IOException {
        Map<String, Outcome> tasks = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            Outcome outcome = Outcome.values()[i % Outcome.values().length];
            String taskId = String.format("%08x%024d", 0x7c1e5a9b + i, i);
            tasks.put(taskId, outcome);
            switch (outcome) {
                case GENERATING_THEN_DONE -> answersInTurn(taskId, generating(taskId), succeeded(taskId));
                case FAILED -> answersInTurn(taskId,
                        json(example("failed.json").replace("9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6", taskId)));
                case NOT_FOUND_THEN_FOUND -> answersInTurn(taskId, json(example("not-found-422.json")),
                        json(example("not-found-422.json")), generating(taskId), succeeded(taskId));
                case NEVER_FINISHING -> answersInTurn(taskId, generating(taskId));
                case UNAUTHORIZED -> answersInTurn(taskId, json(example("unauthorized.json")));
            }
        }
        // A wait budget of 3 s for every task, and Waits of 1.1 s instead of the advised seconds.
        JsonNode run = execute(BatchItemProcessor.BATCH,
                "{\"taskIds\":" + JSON.writeValueAsString(tasks.keySet()) + ",\"maxWaitSeconds\":3}", 1_100);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/batch-25-tasks.json"), run.toPrettyString(), StandardCharsets.UTF_8);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        JsonNode output = run.get("output");
        assertEquals(25, output.get("total").asInt());
        assertEquals(JSON.readTree("{\"SUCCEEDED\":10,\"FAILED\":5,\"TIMED_OUT\":5,\"ERROR\":5}"), output.get("counts"));
        List<String> order = new ArrayList<>();
        output.get("results").forEach(result -> order.add(result.get("taskId").asText()));
        assertEquals(List.copyOf(tasks.keySet()), order, "one result per task, in the order of taskIds");
        for (JsonNode result : output.get("results")) {
            String taskId = result.get("taskId").asText();
            assertEquals(4, result.size(), "a result is taskId, status, videoUrls, error: " + result);
            switch (tasks.get(taskId)) {
                case GENERATING_THEN_DONE -> {
                    assertSucceeded(result, taskId);
                    assertEquals(List.of("GENERATING", "SUCCEEDED"), invocations(run, taskId));
                }
                case NOT_FOUND_THEN_FOUND -> {
                    assertSucceeded(result, taskId);
                    assertEquals(List.of("io.veostatus.error.TaskNotFoundException",
                            "io.veostatus.error.TaskNotFoundException", "GENERATING", "SUCCEEDED"), invocations(run, taskId));
                }
                case FAILED -> {
                    assertEnded(result, "FAILED", "VeoStatus.GenerationFailed");
                    assertEquals("Video generation failed, please try again", result.at("/error/message").asText());
                    assertEquals(1, callsFor(taskId));
                }
                case NEVER_FINISHING -> {
                    assertEnded(result, "TIMED_OUT", "VeoStatus.TimedOut");
                    assertTrue(result.at("/error/message").asText().contains("maxWaitSeconds 3"), result.toString());
                    List<String> answers = invocations(run, taskId);
                    assertEquals("TIMED_OUT", answers.get(answers.size() - 1));
                    assertEquals(answers.size() - 1, callsFor(taskId), "the timed-out poll made no upstream call");
                }
                case UNAUTHORIZED -> {
                    assertEnded(result, "ERROR", "VeoStatus.UpstreamAuth");
                    // The cause is Lambda's error document, as Step Functions passes it to a Catch.
                    JsonNode cause = JSON.readTree(result.at("/error/message").asText());
                    assertEquals("io.veostatus.error.UpstreamAuthException", cause.get("errorType").asText());
                    assertTrue(cause.get("errorMessage").asText().contains("You do not have access permissions"));
                    assertEquals(1, callsFor(taskId), "no retry of a refused key");
                }
            }
        }
        int atOnce = run.get("mostInvocationsAtOnce").asInt();
        assertTrue(atOnce <= LIMITS.defaultMaxConcurrency(), "at most maxConcurrency tasks polled at once: " + atOnce);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                         | The input has no taskIds",
            "[\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"]     | The input has no taskIds",
            "\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"       | The input has no taskIds",
            "{\"taskId\":\"3f2a9c0e\"}                  | The input has no taskIds",
            "{\"taskIds\":\"3f2a9c0e\"}                 | taskIds must be a JSON list",
            "{\"taskIds\":{\"a\":\"3f2a9c0e\"}}         | taskIds must be a JSON list",
            "{\"taskIds\":null}                         | taskIds must be a JSON list",
            "{\"taskIds\":7}                            | taskIds must be a JSON list",
            "{\"taskIds\":[]}                           | taskIds is an empty list",
            "{\"taskIds\":[\"a1\",\"b2\",\"a1\"]}       | taskIds names a task more than once",
            "{\"taskIds\":[\"a1\"],\"maxConcurrency\":0}      | maxConcurrency must be a whole number from 1 to 1000",
            "{\"taskIds\":[\"a1\"],\"maxConcurrency\":1001}   | maxConcurrency must be a whole number from 1 to 1000",
            "{\"taskIds\":[\"a1\"],\"maxConcurrency\":2.5}    | maxConcurrency must be a whole number from 1 to 1000",
            "{\"taskIds\":[\"a1\"],\"maxConcurrency\":\"10\"} | maxConcurrency must be a whole number from 1 to 1000",
            "{\"taskIds\":[\"a1\"],\"maxConcurrency\":null}   | maxConcurrency must be a whole number from 1 to 1000",
    })
    void aBadBatchFailsBeforeAnyInvocation(String input, String cause) {
        JsonNode run = execute(BatchItemProcessor.BATCH, input, 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.InvalidInput", run.get("error").asText());
        assertTrue(run.get("cause").asText().startsWith(cause), run.get("cause").asText());
        assertEquals(0, run.get("invocations").size(), "no invocation of the function");
        assertEquals(0, allRecordInfoCalls());
    }

    @Test
    void moreIdsThanABatchAllowsFailBeforeAnyInvocation() throws IOException {
        JsonNode run = execute(BatchItemProcessor.BATCH, "{\"taskIds\":" + JSON.writeValueAsString(taskIds(MAX_BATCH + 1)) + "}", 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.InvalidInput", run.get("error").asText());
        assertTrue(run.get("cause").asText().startsWith("taskIds has more than " + MAX_BATCH + " ids"), run.get("cause").asText());
        assertEquals(0, run.get("invocations").size());
    }

    /**
     * The batch machine checks maxWaitSeconds and pollIntervalSeconds before any child starts; it must
     * accept exactly what the function accepts, or a batch would fail on a setting a single poll takes.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "maxWaitSeconds | 1", "maxWaitSeconds | 86400", "maxWaitSeconds | 0", "maxWaitSeconds | 86401",
            "maxWaitSeconds | -5", "maxWaitSeconds | 1.5", "maxWaitSeconds | 60.0", "maxWaitSeconds | \"60\"",
            "maxWaitSeconds | true", "maxWaitSeconds | null",
            "pollIntervalSeconds | 1", "pollIntervalSeconds | 86400", "pollIntervalSeconds | 0",
            "pollIntervalSeconds | 86401", "pollIntervalSeconds | 2.5", "pollIntervalSeconds | \"15\"",
            "pollIntervalSeconds | null",
    })
    void theBatchAcceptsTheSettingsTheFunctionAccepts(String setting, String value) {
        String taskId = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
        answersInTurn(taskId, succeeded(taskId));
        int functionStatus = invoke("{\"taskId\":\"" + taskId + "\",\"" + setting + "\":" + value + "}").extract().statusCode();
        JsonNode run = execute(BatchItemProcessor.BATCH, "{\"taskIds\":[\"" + taskId + "\"],\"" + setting + "\":" + value + "}", 0);

        boolean functionAccepts = functionStatus == 200;
        boolean batchAccepts = run.get("outcome").asText().equals("SUCCEEDED");
        assertEquals(functionAccepts, batchAccepts, "function answered HTTP " + functionStatus + ", batch: " + run);
        if (!batchAccepts) {
            assertEquals("VeoStatus.InvalidInput", run.get("error").asText());
            assertTrue(run.get("cause").asText().startsWith(setting + " must be a whole number"), run.toString());
            assertEquals(0, run.get("invocations").size());
        }
    }

    /**
     * The largest batch allowed, every task ending in the largest result the function gives in practice:
     * an auth failure whose upstream message is as long as the function lets it be (300 characters), carried
     * inside Lambda's error document. The output must fit Step Functions' payload limit.
     */
    @Test
    void theLargestBatchOfTheLargestResultsFitsThePayloadLimit() throws IOException {
        String message = "Access denied. " + "x".repeat(400);
        assertLargestBatchFits(json("{\"code\":401,\"msg\":\"" + message + "\",\"data\":null}"), "ERROR", "auth-failures");
    }

    /** The same batch with every video ready, with the upstream's URL shape: what a batch usually returns. */
    @Test
    void theLargestBatchOfReadyVideos() throws IOException {
        assertLargestBatchFits(json("{\"code\":200,\"msg\":\"success\",\"data\":{"
                + "\"response\":{\"resultUrls\":[\"https://tempfile.aiquickdraw.com/v/42f4f8facbb040c0ade87c27cb2d5e58_1749711595.mp4\"]},"
                + "\"successFlag\":1,\"createTime\":1764403200000,\"completeTime\":1764403380000}}"), "SUCCEEDED", "videos-ready");
    }

    /** Every task of the largest batch gets this answer and ends in this status; the output must fit the limit. */
    private void assertLargestBatchFits(ResponseDefinitionBuilder answer, String status, String kind) throws IOException {
        wiremock.register(get(urlPathEqualTo(RECORD_INFO)).willReturn(answer));
        JsonNode run = execute(BatchItemProcessor.BATCH,
                "{\"taskIds\":" + JSON.writeValueAsString(taskIds(MAX_BATCH)) + ",\"maxConcurrency\":50}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString().substring(0, 500));
        assertEquals(MAX_BATCH, run.at("/output/counts/" + status).asInt());
        int bytes = run.get("outputBytes").asInt();
        // The measured size, for the figure of docs/step-functions.md.
        Path folder = Files.createDirectories(Path.of("target/batch-output-bytes"));
        Files.writeString(folder.resolve(kind + ".txt"), MAX_BATCH + " tasks: " + bytes + " bytes of " + PAYLOAD_LIMIT_BYTES
                + "\n", StandardCharsets.UTF_8);
        assertTrue(bytes <= PAYLOAD_LIMIT_BYTES, MAX_BATCH + " results (" + kind + ") take " + bytes + " bytes");
        // The table of docs/step-functions.md ("How large a batch can be") shows this figure: a longer message must
        // change it there too.
        String figure = String.format(java.util.Locale.ROOT, "%,d bytes", bytes);
        assertTrue(Pages.section(Pages.STEP_FUNCTIONS, "How large a batch can be").contains("| " + figure),
                Pages.STEP_FUNCTIONS + " does not show the measured size of " + MAX_BATCH + " results (" + kind + "): "
                        + figure);
    }

    /** The example input of docs/step-functions.md, run against the answers it describes, gives its example output. */
    @Test
    void theDocumentedExampleIsWhatTheBatchReturns() throws IOException {
        String page = Pages.read(Pages.STEP_FUNCTIONS);
        JsonNode input = JSON.readTree(markedBlock(page, "batch example input"));
        JsonNode documented = JSON.readTree(markedBlock(page, "batch example output"));
        List<String> ids = new ArrayList<>();
        input.get("taskIds").forEach(id -> ids.add(id.asText()));
        // As the page says: ready, failed, unknown to the Veo API.
        answersInTurn(ids.get(0), json(example("success.json").replace("veo_task_abcdef123456", ids.get(0))
                .replace("http://example.com/video1.mp4", "https://tempfile.aiquickdraw.com/v/" + ids.get(0) + "_1764403380.mp4")));
        answersInTurn(ids.get(1), json(example("failed.json").replace("9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6", ids.get(1))));
        answersInTurn(ids.get(2), json(example("not-found-422.json")));
        JsonNode run = execute(BatchItemProcessor.BATCH, input.toString(), 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(documented, run.get("output"),
                "the page shows what the batch returns:\n" + run.get("output").toPrettyString());
        assertEquals(4, invocations(run, ids.get(2)).size(), "the page says the unknown task was asked four times");
    }

    /** The fenced block that follows the line {@code <!-- name -->} in the page's text. */
    static String markedBlock(String page, String name) {
        int marker = page.indexOf("<!-- " + name + " -->");
        assertTrue(marker >= 0, "the page marks its " + name);
        int start = page.indexOf('\n', page.indexOf("```", marker)) + 1;
        return page.substring(start, page.indexOf("```", start));
    }

    private static void assertSucceeded(JsonNode result, String taskId) {
        assertEquals("SUCCEEDED", result.get("status").asText(), result.toString());
        List<String> videoUrls = new ArrayList<>();
        result.get("videoUrls").forEach(url -> videoUrls.add(url.asText()));
        assertEquals(List.of(videoUrl(taskId)), videoUrls);
        assertTrue(result.get("error").isNull());
    }

    private static void assertEnded(JsonNode result, String status, String errorName) {
        assertEquals(status, result.get("status").asText(), result.toString());
        assertEquals(0, result.get("videoUrls").size());
        assertEquals(errorName, result.at("/error/name").asText());
    }

    /** Distinct ids in the shape of real ones (32 hex digits). */
    private static List<String> taskIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(String.format("%032x", 0x3f2a9c0e5b7dL * 1_000_003L + i));
        }
        return ids;
    }
}
