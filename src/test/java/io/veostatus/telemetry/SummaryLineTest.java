package io.veostatus.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.TelemetryConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.kernel.TaskId;

/**
 * The line an invocation ends with: in JSON logs with metrics on, one object that is the summary log line and the
 * metrics document at once; in text logs a readable summary; with metrics off an ordinary log line. Whatever its
 * form, its message leaves without the key and with the console's redaction.
 */
class SummaryLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "summary-key-6a2f9d1c-DO-NOT-LEAK";
    private static final String TOKEN = "a-session-token-the-console-knows";
    private static final TelemetryConfig METRICS_ON = ConfigDefaults.of(TelemetryConfig.class);
    private static final TelemetryConfig METRICS_OFF = ConfigDefaults.of(TelemetryConfig.class,
            Map.of("veo.telemetry.metrics.enabled", "false"));

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger summaries = Logger.getLogger(InvocationTelemetry.class.getName());
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void record() {
        summaries.addHandler(recorder);
    }

    @AfterEach
    void stop() {
        summaries.removeHandler(recorder);
    }

    @Test
    void inJsonLogsTheSummaryAndItsMetricsAreOneLine() throws IOException {
        end(telemetry(METRICS_ON, true), "SUCCEEDED", null);

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line: " + lines);
        assertEquals(List.of(), logged, "not also through the console");
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals(new TreeSet<>(Set.of("timestamp", "logger", "level", "message", "mdc", "service", "_aws", "Service",
                "Outcome", "Polls", "UpstreamAttempts", "ColdStart", "CircuitOpen", "UpstreamLatency")), fieldNames(line));
        assertEquals("io.veostatus.telemetry.InvocationTelemetry", line.get("logger").asText());
        assertEquals("INFO", line.get("level").asText());
        assertTrue(line.get("message").asText().matches("DIRECT SUCCEEDED in \\d+ ms; upstream 1 attempt, 12 ms"),
                line.get("message").asText());
        assertEquals("veo-status", line.get("service").asText());
        assertTrue(line.get("timestamp").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), lines.get(0));
        assertEquals(Instant.parse(line.get("timestamp").asText()).toEpochMilli(), line.at("/_aws/Timestamp").asLong(),
                "the line's time is its metrics' time");
        JsonNode context = line.get("mdc");
        assertEquals(new TreeSet<>(Set.of("requestId", "taskId", "coldStart", "functionName", "functionVersion",
                "xrayTraceId", "source", "outcome", "upstreamAttempts", "upstreamMs", "totalMs", "circuitOpen")),
                fieldNames(context));
        assertEquals("req-7", context.get("requestId").asText());
        assertEquals("veo_task_abcdef123456", context.get("taskId").asText());
        assertEquals("SUCCEEDED", context.get("outcome").asText());
    }

    @Test
    void inTextLogsTheSummaryStaysAReadableLine() throws IOException {
        end(telemetry(METRICS_ON, false), "SUCCEEDED", null);

        assertEquals(1, logged.size(), "the summary, logged: " + logged);
        assertEquals(Level.INFO, logged.get(0).getLevel());
        assertTrue(logged.get(0).getMessage().startsWith("DIRECT SUCCEEDED in "), logged.get(0).getMessage());
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "the metrics: " + lines);
        JsonNode metrics = JSON.readTree(lines.get(0));
        assertTrue(metrics.has("_aws"), lines.get(0));
        assertFalse(metrics.has("message") || metrics.has("level"), "the summary is the text line: " + lines.get(0));
        assertEquals("req-7", metrics.at("/mdc/requestId").asText(), "found by the same context");
    }

    @Test
    void withMetricsOffTheSummaryIsAnOrdinaryLogLine() {
        end(telemetry(METRICS_OFF, true), "SUCCEEDED", null);

        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).getMessage().startsWith("DIRECT SUCCEEDED in "), logged.get(0).getMessage());
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing past the console");
    }

    @Test
    void theMessageLeavesWithoutTheKeyAndWithTheConsolesRedaction() throws IOException {
        end(telemetry(METRICS_ON, true), "UpstreamAuthException", "The Veo API refused the API key " + KEY + " (" + TOKEN + ")");

        String line = printed.toString(StandardCharsets.UTF_8);
        String message = JSON.readTree(line).get("message").asText();
        assertTrue(message.endsWith("The Veo API refused the API key [REDACTED] (console-redacted)"), message);
        assertFalse(line.contains(KEY) || line.contains(TOKEN), line);
    }

    private InvocationTelemetry telemetry(TelemetryConfig config, boolean jsonLogs) {
        return new InvocationTelemetry(new SummaryLine(new EmfMetrics(config), config, JSON,
                text -> text.replace(TOKEN, "console-redacted"), jsonLogs, new PrintStream(printed, true, StandardCharsets.UTF_8)),
                new ApiKeyProvider(ConfigDefaults.of(VeoApiConfig.class, Map.of("veo.api.key", KEY)), null), JSON);
    }

    private static void end(InvocationTelemetry telemetry, String outcome, String detail) {
        Invocation invocation = new Invocation("req-7", false, "veo-status", "$LATEST", "1-abc-def");
        invocation.taskId(new TaskId("veo_task_abcdef123456"));
        invocation.upstream().recordAttempt(12_000_000);
        invocation.outcome(outcome, detail);
        telemetry.end(invocation);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
