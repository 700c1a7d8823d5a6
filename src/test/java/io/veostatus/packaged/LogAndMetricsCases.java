package io.veostatus.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.veostatus.packaged.PackagedFunctionCases.OTHER_TASK;
import static io.veostatus.packaged.PackagedFunctionCases.RECORD_INFO;
import static io.veostatus.packaged.PackagedFunctionCases.SERVICE;
import static io.veostatus.packaged.PackagedFunctionCases.TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.veostatus.docs.Pages;

/**
 * What docs/operations.md ("Logs", "Metrics") promises of the packaged function's output, as CloudWatch
 * would receive it: JSON log lines with the invocation's context, and one summary line per invocation that is its
 * metrics document too. Part of {@link PackagedFunctionCases}, so both artifacts are held to it.
 */
interface LogAndMetricsCases {

    ObjectMapper JSON = new ObjectMapper();
    String STEP_FUNCTIONS_CLIENT_CONTEXT = "eyJjdXN0b20iOnsiY2FsbGVyIjoic3RlcC1mdW5jdGlvbnMifX0=";
    Pattern RFC_3339_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /** The running function the cases share. */
    PackagedFunction function();

    /** The Veo API it calls, reset before each case. */
    WireMockServer veoApi();

    /**
     * A line AWS's Java runtime client (the JVM package) writes of its own for each error it returns to Lambda,
     * as JSON because the function's LoggingConfig asks for JSON; the native executable has no such line.
     */
    static boolean isRuntimeClientLine(String line) {
        return line.contains("\"AWSRequestId\"") && !line.contains("\"logger\"");
    }

    @Test
    default void aSuccessfulPollWritesOneLineThatIsItsSummaryAndItsMetrics() throws Exception {
        answer("success.json");
        RuntimeApiServer.Answer answer = function().invoke("{\"taskId\":\"" + TASK + "\"}");
        JsonNode summary = function().log().awaitSummary(answer.requestId());

        List<JsonNode> lines = function().log().logLines(answer.requestId());
        assertEquals(List.of(summary), lines, "one line, the summary with its metrics");
        assertEquals("INFO", summary.get("level").asText());
        assertTrue(RFC_3339_UTC.matcher(summary.get("timestamp").asText()).matches(), summary.get("timestamp").asText());
        assertEquals("io.veostatus.telemetry.InvocationTelemetry", summary.get("logger").asText());
        assertEquals(SERVICE, summary.get("service").asText());
        assertTrue(summary.get("message").asText().startsWith("DIRECT SUCCEEDED in "), summary.get("message").asText());
        JsonNode context = summary.get("mdc");
        assertEquals(TASK, context.get("taskId").asText());
        assertEquals("veo-status", context.get("functionName").asText());
        assertEquals("$LATEST", context.get("functionVersion").asText());
        assertEquals(RuntimeApiServer.traceId(answer.requestId()), context.get("xrayTraceId").asText());
        assertTrue(Set.of("true", "false").contains(context.get("coldStart").asText()));
        assertEquals("SUCCEEDED", context.get("outcome").asText());
        assertEquals("DIRECT", context.get("source").asText());
        assertEquals("1", context.get("upstreamAttempts").asText());
        assertEquals("false", context.get("circuitOpen").asText());

        assertValidMetrics(summary, "SUCCEEDED", 1);
        // Besides the metrics, the line has the members every other line of the function has (the console's).
        JsonNode started = function().log().objects().stream()
                .filter(line -> line.path("message").asText().contains(" started in ")).findFirst().orElseThrow();
        assertEquals(fieldNames(started), logFieldNames(summary));
    }

    @Test
    default void eachOutcomeIsReportedInItsMetricsWithItsAttempts() throws Exception {
        answer("not-found-422.json");
        RuntimeApiServer.Answer notFound = function().invoke("{\"taskId\":\"" + TASK + "\"}");
        assertValidMetrics(function().log().awaitSummary(notFound.requestId()), "TaskNotFoundException", 1);

        veoApi().resetRequests();
        RuntimeApiServer.Answer invalid = function().invoke("{\"taskId\":\"../x\"}");
        JsonNode invalidSummary = function().log().awaitSummary(invalid.requestId());
        assertValidMetrics(invalidSummary, "InvalidTaskIdException", 0);
        assertFalse(invalidSummary.has("UpstreamLatency"), "no call, no latency");
        assertFalse(invalidSummary.path("mdc").has("taskId"), "an invalid id is no task id");
    }

    @Test
    default void aStepFunctionsPollIsToldApartByItsClientContext() throws Exception {
        JsonNode loop = JSON.readTree(Path.of("statemachine/poll-video.asl.json").toFile());
        assertEquals(STEP_FUNCTIONS_CLIENT_CONTEXT, loop.at("/States/CheckStatus/Parameters/ClientContext").asText());
        answer("generating.json");
        RuntimeApiServer.Answer answer = function().invoke("{\"taskId\":\"" + OTHER_TASK + "\"}",
                new String(Base64.getDecoder().decode(STEP_FUNCTIONS_CLIENT_CONTEXT), StandardCharsets.UTF_8));
        JsonNode summary = function().log().awaitSummary(answer.requestId());
        assertEquals("GENERATING", summary.get("Outcome").asText());
        assertEquals("STEP_FUNCTIONS", summary.path("mdc").path("source").asText());
        assertEquals(1, function().log().logLines(answer.requestId()).size());
    }

    @Test
    default void everyLineIsOneJsonObjectAndTheContextIsOnlyThatOfItsOwnInvocation() throws Exception {
        answerFor(TASK, "success.json");
        answerFor(OTHER_TASK, "generating.json");
        RuntimeApiServer.Answer first = function().invoke("{\"taskId\":\"" + TASK + "\"}");
        RuntimeApiServer.Answer second = function().invoke("{\"taskId\":\"" + OTHER_TASK + "\"}");
        function().log().awaitSummary(second.requestId());

        for (JsonNode line : function().log().objects()) {
            if (isRuntimeClientLine(line.toString())) {
                continue;
            }
            if (line.has("_aws")) {
                assertTrue(Holder.EMF.validate(line).isEmpty(), line.toString());
            }
            for (String field : List.of("timestamp", "level", "message", "logger", "service")) {
                assertTrue(line.hasNonNull(field), "no " + field + " in " + line);
            }
            JsonNode context = line.path("mdc");
            if (!context.has("requestId")) {
                // Written between invocations (start-up, shutdown): no invocation's context.
                assertFalse(context.has("taskId"), line.toString());
            }
        }
        assertEquals(Set.of(TASK), taskIdsOf(first.requestId()));
        assertEquals(Set.of(OTHER_TASK), taskIdsOf(second.requestId()));
        assertFalse(first.requestId().equals(second.requestId()));
    }

    /** The example lines of docs/operations.md ("Logs", "Metrics") have the shape of what the function writes. */
    @Test
    default void theDocsShowLinesOfTheShapeTheFunctionWrites() throws Exception {
        // The kinds of line the page shows: a poll, an unknown task, and an outage with its retries.
        answer("success.json");
        function().log().awaitSummary(function().invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        answer("not-found-422.json");
        function().log().awaitSummary(function().invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        veoApi().stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(503)));
        function().log().awaitSummary(function().invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        String section = Pages.section(Pages.OPERATIONS, "Logs") + Pages.section(Pages.OPERATIONS, "Metrics");
        List<JsonNode> examples = new ArrayList<>();
        Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                examples.add(JSON.readTree(line));
            }
        }
        assertTrue(examples.size() >= 5, Pages.OPERATIONS + " shows the function's lines: " + examples.size());
        assertTrue(examples.stream().anyMatch(example -> example.has("_aws")), "a summary line with its metrics");
        List<JsonNode> written = function().log().objects();
        for (JsonNode example : examples) {
            if (example.has("_aws")) {
                assertTrue(Holder.EMF.validate(example).isEmpty(), example.toString());
            }
            assertTrue(written.stream().anyMatch(line -> line.path("logger").equals(example.get("logger"))
                    && line.path("level").equals(example.get("level"))
                    && fieldNames(line).equals(fieldNames(example))
                    && fieldNames(line.path("mdc")).equals(fieldNames(example.path("mdc")))),
                    "no line written with the fields of " + Pages.OPERATIONS + "'s " + example);
        }
    }

    private Set<String> taskIdsOf(String requestId) {
        Set<String> ids = new TreeSet<>();
        function().log().logLines(requestId).forEach(line -> ids.add(line.path("mdc").path("taskId").asText()));
        return ids;
    }

    private void assertValidMetrics(JsonNode document, String outcome, int attempts) {
        Set<ValidationMessage> problems = Holder.EMF.validate(document);
        assertTrue(problems.isEmpty(), problems + " in " + document);
        assertEquals("VeoStatus", document.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals(SERVICE, document.get("Service").asText());
        assertEquals(outcome, document.get("Outcome").asText());
        assertEquals(1, document.get("Polls").asInt());
        assertEquals(attempts, document.get("UpstreamAttempts").asInt(), document.toString());
        assertEquals(attempts, veoApi().findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(),
                "the attempts reported are the requests made");
    }

    private void answerFor(String taskId, String example) throws IOException {
        veoApi().stubFor(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(example(example))));
    }

    private void answer(String example) throws IOException {
        veoApi().stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(example(example))));
    }

    private static String example(String name) throws IOException {
        try (InputStream in = LogAndMetricsCases.class.getClassLoader().getResourceAsStream("upstream/examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The members of a line that are not its metrics: {@code _aws} and the dimensions and metrics it names. */
    private static Set<String> logFieldNames(JsonNode line) {
        Set<String> names = fieldNames(line);
        names.remove("_aws");
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        directive.path("Dimensions").path(0).forEach(name -> names.remove(name.asText()));
        directive.path("Metrics").forEach(metric -> names.remove(metric.path("Name").asText()));
        return names;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The embedded metric format's JSON schema, read once (an interface has no private static fields). */
    final class Holder {
        static final JsonSchema EMF = emfSchema();

        private Holder() {
        }

        private static JsonSchema emfSchema() {
            try (InputStream in = LogAndMetricsCases.class.getClassLoader().getResourceAsStream("emf/emf.schema.json")) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
