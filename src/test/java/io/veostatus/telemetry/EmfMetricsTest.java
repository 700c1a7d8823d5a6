package io.veostatus.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.TelemetryConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.kernel.TaskId;

/**
 * The metrics an invocation's summary line carries, checked against the JSON schema AWS publishes with the embedded
 * metric format (src/test/resources/emf, see SOURCES.md there) and against what the invocation did.
 */
class EmfMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema EMF = schema();
    private static final TelemetryConfig CONFIG = ConfigDefaults.of(TelemetryConfig.class);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final InvocationTelemetry telemetry = new InvocationTelemetry(
            new SummaryLine(new EmfMetrics(CONFIG), CONFIG, JSON, text -> text, true,
                    new PrintStream(printed, true, StandardCharsets.UTF_8)),
            new ApiKeyProvider(ConfigDefaults.of(VeoApiConfig.class, Map.of("veo.api.key", "emf-key-0b1c2d3e")), null), JSON);

    @Test
    void eachOutcomeIsOneValidDocumentWithItsDimensionAndCounts() throws IOException {
        for (String outcome : List.of("SUCCEEDED", "GENERATING", "FAILED", "TIMED_OUT", "TaskNotFoundException",
                "UpstreamAuthException", "UpstreamThrottledException", "UpstreamUnavailableException",
                "InvalidTaskIdException", "InvalidRequestException")) {
            printed.reset();
            Invocation invocation = new Invocation("req-1", false, "veo-status", "$LATEST", "1-abc-def");
            invocation.taskId(new TaskId("veo_task_abcdef123456"));
            invocation.outcome(outcome, null);
            int attempts = outcome.startsWith("Invalid") || outcome.equals("TIMED_OUT") ? 0
                    : outcome.equals("UpstreamUnavailableException") ? 3 : 1;
            for (int i = 0; i < attempts; i++) {
                invocation.upstream().recordAttempt(12_000_000);
            }
            telemetry.end(invocation);

            String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(1, lines.length, "one line per invocation");
            JsonNode document = JSON.readTree(lines[0]);
            Set<ValidationMessage> problems = EMF.validate(document);
            assertTrue(problems.isEmpty(), outcome + ": " + problems);
            JsonNode directive = document.get("_aws").get("CloudWatchMetrics").get(0);
            assertEquals("VeoStatus", directive.get("Namespace").asText());
            assertEquals("[[\"Service\",\"Outcome\"]]", directive.get("Dimensions").toString());
            assertEquals("veo-status", document.get("Service").asText());
            assertEquals(outcome, document.get("Outcome").asText());
            assertEquals(1, document.get("Polls").asInt());
            assertEquals(attempts, document.get("UpstreamAttempts").asInt());
            assertEquals(attempts > 0, document.has("UpstreamLatency"), "latency only where a call was made");
            if (attempts > 0) {
                assertEquals(12L * attempts, document.get("UpstreamLatency").asLong());
            }
            // Every metric and dimension named in the directive is a member of the root: CloudWatch needs it there.
            directive.get("Metrics").forEach(metric -> assertTrue(document.get(metric.get("Name").asText()).isNumber()));
            directive.get("Dimensions").get(0).forEach(name -> assertTrue(document.get(name.asText()).isTextual()));
            // Ids are in the line's context, never dimensions: a dimension per id would be a metric per id.
            assertEquals("req-1", document.at("/mdc/requestId").asText());
            assertEquals("veo_task_abcdef123456", document.at("/mdc/taskId").asText());
            assertFalse(directive.get("Dimensions").toString().contains("taskId"));
        }
    }

    @Test
    void aColdStartAndAnOpenCircuitAreCounted() throws IOException {
        Invocation invocation = new Invocation("req-2", true, null, null, null);
        invocation.outcome("UpstreamUnavailableException", "open");
        invocation.upstream().recordCircuitOpen();
        telemetry.end(invocation);

        JsonNode document = JSON.readTree(printed.toString(StandardCharsets.UTF_8));
        assertEquals(1, document.get("ColdStart").asInt());
        assertEquals(1, document.get("CircuitOpen").asInt());
        assertTrue(EMF.validate(document).isEmpty());
    }

    @Test
    void theDocumentKeepsToTheSpecificationLimits() {
        EmfDocument metricsFull = new EmfDocument(JSON.createObjectNode(), "Ns", 1L);
        for (int i = 0; i < EmfDocument.MAX_METRICS; i++) {
            metricsFull.metric("M" + i, "Count", i);
        }
        assertThrows(IllegalStateException.class, () -> metricsFull.metric("one-too-many", "Count", 1));
        EmfDocument dimensionsFull = new EmfDocument(JSON.createObjectNode(), "Ns", 1L);
        for (int i = 0; i < EmfDocument.MAX_DIMENSIONS; i++) {
            dimensionsFull.dimension("D" + i, "v");
        }
        assertThrows(IllegalStateException.class, () -> dimensionsFull.dimension("one-too-many", "v"));
        assertThrows(IllegalArgumentException.class, () -> new EmfDocument(JSON.createObjectNode(), "Ns", 1L)
                .dimension("Outcome", "a").metric("Outcome", "Count", 1));
    }

    @Test
    void aMemberOfTheLineItIsAddedToIsNoMetricOrDimension() {
        assertThrows(IllegalArgumentException.class,
                () -> new EmfDocument(JSON.createObjectNode().put("level", "INFO"), "Ns", 1L).metric("level", "Count", 1));
        assertThrows(IllegalArgumentException.class,
                () -> new EmfDocument(JSON.createObjectNode().put("_aws", "taken"), "Ns", 1L));
    }

    private static JsonSchema schema() {
        try (InputStream in = EmfMetricsTest.class.getClassLoader().getResourceAsStream("emf/emf.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
