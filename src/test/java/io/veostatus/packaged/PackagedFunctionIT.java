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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The packaged artifact, not the classes: target/function.zip unpacked as Lambda's managed Java
 * runtime unpacks it, run by AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with the handler
 * {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest}, polling a Lambda Runtime
 * API server of the test's own; WireMock stands in for the Veo API.
 */
public class PackagedFunctionIT {

    /** The handler of Lambda's managed Java runtime; the template's jvm packaging names the same. */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final String KEY = "packaged-it-key-5e1d-DO-NOT-LEAK";
    private static final String TASK = "veo_task_abcdef123456";
    private static final String OTHER_TASK = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
    /** What the template's state machines pass as their client context (statemachine/poll-video.asl.json). */
    private static final String STEP_FUNCTIONS_CLIENT_CONTEXT = "eyJjdXN0b20iOnsiY2FsbGVyIjoic3RlcC1mdW5jdGlvbnMifX0=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer veoApi;
    private static RuntimeApiServer runtimeApi;
    private static Process function;
    private static Path output;
    private static FunctionOutput printed;
    private static final String SERVICE = "veo-status-it";
    private static final JsonSchema EMF = emfSchema();
    private static final Pattern RFC_3339_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    @BeforeAll
    static void startThePackagedFunction() throws Exception {
        veoApi = new WireMockServer(options().dynamicPort());
        veoApi.start();
        runtimeApi = new RuntimeApiServer();

        Path task = FunctionZip.unpack(Path.of("target/function.zip"), "veo-status-task");
        assertTrue(Files.exists(task.resolve("io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class"))
                || Files.list(task.resolve("lib")).anyMatch(jar -> jar.toString().contains("amazon-lambda")),
                "function.zip is the JVM package (build without -Dnative)");
        output = Files.createTempFile("veo-status-function", ".log");
        printed = new FunctionOutput(output);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", FunctionZip.runtimeClasspath(task),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER)
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "veo-status");
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        builder.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        // As the template's LoggingConfig has Lambda set them.
        builder.environment().put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        builder.environment().put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        builder.environment().put("VEO_TELEMETRY_SERVICE_NAME", SERVICE);
        // Outages in several cases must not open the breaker for the cases after them (its own tests are elsewhere).
        builder.environment().put("VEO_UPSTREAM_CIRCUIT_BREAKER_REQUEST_VOLUME", "1000");
        builder.environment().put("VEO_API_KEY", KEY);
        builder.environment().put("VEO_API_BASE_URL", "http://localhost:" + veoApi.port());
        function = builder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (function != null) {
            function.destroyForcibly();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        if (veoApi != null) {
            veoApi.stop();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertFalse(printed.contains(KEY), "the function's output holds the key");
    }

    @BeforeEach
    void resetTheVeoApi() {
        veoApi.resetAll();
    }

    @Test
    void aSucceededTask() throws Exception {
        answer("success.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertFalse(answer.failed(), answer.body() + functionOutput());
        JsonNode status = JSON.readTree(answer.body());
        assertEquals("SUCCEEDED", status.get("status").asText());
        assertEquals("http://example.com/video1.mp4", status.get("videoUrls").get(0).asText());
        assertEquals(1, status.get("poll").get("attempt").asInt());
        veoApi.verify(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info")).withQueryParam("taskId", equalTo(TASK))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void anUnknownTaskIsTheErrorTypeStepFunctionsMatches() throws Exception {
        answer("not-found-422.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("\"" + TASK + "\"");

        assertTrue(answer.failed(), answer.body());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("io.veostatus.error.TaskNotFoundException", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("record is null"));
    }

    @Test
    void anInvalidIdIsRejectedAndTheNextInvocationServed() throws Exception {
        RuntimeApiServer.Answer rejected = runtimeApi.invoke("{\"taskId\":\"../x\"}");
        assertEquals("io.veostatus.error.InvalidTaskIdException", JSON.readTree(rejected.body()).get("errorType").asText());
        assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info"))).size());

        answer("generating.json");
        RuntimeApiServer.Answer served = runtimeApi.invoke("{\"taskId\":\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"}");
        assertEquals("GENERATING", JSON.readTree(served.body()).get("status").asText(), served.body());
    }

    @Test
    void anHttpApiRequest() throws Exception {
        answer("success.json");
        String event;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/go-apigw-v2-request-no-authorizer.json")) {
            JsonNode sample = JSON.readTree(in);
            ((com.fasterxml.jackson.databind.node.ObjectNode) sample).put("rawPath", "/tasks/" + TASK);
            ((com.fasterxml.jackson.databind.node.ObjectNode) sample.get("requestContext").get("http")).put("path", "/tasks/" + TASK);
            event = sample.toString();
        }
        RuntimeApiServer.Answer answer = runtimeApi.invoke(event);

        assertFalse(answer.failed(), answer.body());
        JsonNode http = JSON.readTree(answer.body());
        assertEquals(200, http.get("statusCode").asInt());
        assertEquals("application/json", http.get("headers").get("Content-Type").asText());
        assertEquals("SUCCEEDED", JSON.readTree(http.get("body").asText()).get("status").asText());
    }

    @Test
    void anUpstreamOutageIsRetriedThenReported() throws Exception {
        veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(503)));
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertEquals("io.veostatus.error.UpstreamUnavailableException", JSON.readTree(answer.body()).get("errorType").asText());
        assertEquals(3, veoApi.findAll(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info"))).size());
        assertValidMetrics(printed.awaitMetrics(answer.requestId()), "UpstreamUnavailableException", 3);
        List<JsonNode> lines = printed.logLines(answer.requestId());
        assertEquals(2, lines.stream().filter(line -> line.get("level").asText().equals("WARN")).count(),
                "one WARN line per retry: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.get("level").asText().equals("INFO")).count(), "one summary");
        assertTrue(lines.stream().allMatch(line -> TASK.equals(line.path("mdc").path("taskId").asText(null))));
    }

    @Test
    void aSuccessfulPollWritesOneJsonLogLineAndOneMetricsLine() throws Exception {
        answer("success.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");
        JsonNode metrics = printed.awaitMetrics(answer.requestId());

        List<JsonNode> lines = printed.logLines(answer.requestId());
        assertEquals(1, lines.size(), "one line, the summary: " + lines);
        JsonNode summary = lines.get(0);
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

        assertValidMetrics(metrics, "SUCCEEDED", 1);
        assertEquals(TASK, metrics.get("taskId").asText());
    }

    @Test
    void eachOutcomeIsReportedInItsMetricsWithItsAttempts() throws Exception {
        answer("not-found-422.json");
        RuntimeApiServer.Answer notFound = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");
        assertValidMetrics(printed.awaitMetrics(notFound.requestId()), "TaskNotFoundException", 1);

        veoApi.resetRequests();
        RuntimeApiServer.Answer invalid = runtimeApi.invoke("{\"taskId\":\"../x\"}");
        JsonNode invalidMetrics = printed.awaitMetrics(invalid.requestId());
        assertValidMetrics(invalidMetrics, "InvalidTaskIdException", 0);
        assertFalse(invalidMetrics.has("UpstreamLatency"), "no call, no latency");
        assertFalse(invalidMetrics.has("taskId"), "an invalid id is no task id");

    }

    @Test
    void aStepFunctionsPollIsToldApartByItsClientContext() throws Exception {
        JsonNode loop = JSON.readTree(Path.of("statemachine/poll-video.asl.json").toFile());
        assertEquals(STEP_FUNCTIONS_CLIENT_CONTEXT, loop.at("/States/CheckStatus/Parameters/ClientContext").asText());
        answer("generating.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + OTHER_TASK + "\"}",
                new String(Base64.getDecoder().decode(STEP_FUNCTIONS_CLIENT_CONTEXT), StandardCharsets.UTF_8));
        JsonNode metrics = printed.awaitMetrics(answer.requestId());
        assertEquals("GENERATING", metrics.get("Outcome").asText());
        assertEquals("STEP_FUNCTIONS", metrics.get("source").asText());
        List<JsonNode> lines = printed.logLines(answer.requestId());
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("STEP_FUNCTIONS", lines.get(0).path("mdc").path("source").asText());
    }

    @Test
    void everyLineIsOneJsonObjectAndTheContextIsOnlyThatOfItsOwnInvocation() throws Exception {
        answerFor(TASK, "success.json");
        answerFor(OTHER_TASK, "generating.json");
        RuntimeApiServer.Answer first = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");
        RuntimeApiServer.Answer second = runtimeApi.invoke("{\"taskId\":\"" + OTHER_TASK + "\"}");
        printed.awaitMetrics(second.requestId());

        for (JsonNode line : printed.objects()) {
            if (line.has("_aws")) {
                assertTrue(EMF.validate(line).isEmpty(), line.toString());
                continue;
            }
            if (line.has("AWSRequestId") && !line.has("logger")) {
                // AWS's Java runtime client itself logs each error returned to Lambda (JSON, as the function's
                // LoggingConfig asks); the native runtime does not. It is the runtime's line, not the function's.
                continue;
            }
            for (String field : List.of("timestamp", "level", "message", "logger", "service")) {
                assertTrue(line.hasNonNull(field), "no " + field + " in " + line);
            }
            JsonNode context = line.path("mdc");
            if (!context.has("requestId")) {
                // Written between invocations (start-up): no invocation's context.
                assertFalse(context.has("taskId"), line.toString());
            }
        }
        assertEquals(Set.of(TASK), taskIdsOf(first.requestId()));
        assertEquals(Set.of(OTHER_TASK), taskIdsOf(second.requestId()));
        assertFalse(first.requestId().equals(second.requestId()));
    }

    /** The README's example lines ("Logs, metrics and alarms") have the shape of what the function writes. */
    @Test
    void theReadmeShowsLinesOfTheShapeTheFunctionWrites() throws Exception {
        // The kinds of line the README shows: a poll, an unknown task, and an outage with its retries.
        answer("success.json");
        printed.awaitMetrics(runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        answer("not-found-422.json");
        printed.awaitMetrics(runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(503)));
        printed.awaitMetrics(runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}").requestId());
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Logs, metrics and alarms"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<JsonNode> examples = new ArrayList<>();
        Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                examples.add(JSON.readTree(line));
            }
        }
        assertTrue(examples.size() >= 5, "the README shows log and metric lines: " + examples.size());
        List<JsonNode> written = printed.objects();
        for (JsonNode example : examples) {
            if (example.has("_aws")) {
                assertTrue(EMF.validate(example).isEmpty(), example.toString());
                assertTrue(written.stream().anyMatch(line -> line.has("_aws") && fieldNames(line).equals(fieldNames(example))),
                        "no metrics line with the members of " + example);
                continue;
            }
            assertTrue(written.stream().anyMatch(line -> line.path("logger").equals(example.get("logger"))
                    && line.path("level").equals(example.get("level"))
                    && fieldNames(line).equals(fieldNames(example))
                    && fieldNames(line.path("mdc")).equals(fieldNames(example.path("mdc")))),
                    "no line written with the fields of the README's " + example);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> taskIdsOf(String requestId) {
        Set<String> ids = new TreeSet<>();
        printed.logLines(requestId).forEach(line -> ids.add(line.path("mdc").path("taskId").asText()));
        return ids;
    }

    private static void assertValidMetrics(JsonNode document, String outcome, int attempts) {
        Set<ValidationMessage> problems = EMF.validate(document);
        assertTrue(problems.isEmpty(), problems + " in " + document);
        assertEquals("VeoStatus", document.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals(SERVICE, document.get("Service").asText());
        assertEquals(outcome, document.get("Outcome").asText());
        assertEquals(1, document.get("Polls").asInt());
        assertEquals(attempts, document.get("UpstreamAttempts").asInt(), document.toString());
        assertEquals(attempts, veoApi.findAll(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info"))).size(),
                "the attempts reported are the requests made");
    }

    private static JsonSchema emfSchema() {
        try (InputStream in = PackagedFunctionIT.class.getClassLoader().getResourceAsStream("emf/emf.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void answerFor(String taskId, String example) throws IOException {
        try (InputStream in = PackagedFunctionIT.class.getClassLoader().getResourceAsStream("upstream/examples/" + example)) {
            veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).withQueryParam("taskId", equalTo(taskId))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }

    private static void answer(String example) throws IOException {
        try (InputStream in = PackagedFunctionIT.class.getClassLoader().getResourceAsStream("upstream/examples/" + example)) {
            veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }

    private static String functionOutput() throws IOException {
        return "\n--- function output ---\n" + Files.readString(output, StandardCharsets.UTF_8);
    }

}
