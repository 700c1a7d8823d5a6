package io.veostatus.telemetry;

import java.io.PrintStream;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.config.TelemetryConfig;

/**
 * One CloudWatch embedded-metric-format document per invocation, written to standard output as a line of
 * its own (not inside a log line's JSON, or CloudWatch would not extract it). Dimensions are the service and
 * the outcome only; the request and task ids are plain members, so that they are searchable without
 * creating a metric per id.
 */
@ApplicationScoped
public class EmfMetrics {

    public static final String SERVICE = "Service";
    public static final String OUTCOME = "Outcome";
    public static final String POLLS = "Polls";
    public static final String UPSTREAM_ATTEMPTS = "UpstreamAttempts";
    public static final String UPSTREAM_LATENCY = "UpstreamLatency";
    public static final String COLD_START = "ColdStart";
    public static final String CIRCUIT_OPEN = "CircuitOpen";
    /** The keeping function's count of invocations, in place of {@link #POLLS}. */
    public static final String KEEPS = "Keeps";
    /** Every metric a document may hold; the template's alarms may use these and no others. */
    public static final List<String> METRICS = List.of(POLLS, UPSTREAM_ATTEMPTS, UPSTREAM_LATENCY, COLD_START, CIRCUIT_OPEN,
            KEEPS);
    /** The one dimension set of every metric. */
    public static final List<String> DIMENSIONS = List.of(SERVICE, OUTCOME);

    private final TelemetryConfig config;
    private final ObjectMapper json;
    private final PrintStream out;

    @Inject
    public EmfMetrics(TelemetryConfig config, ObjectMapper json) {
        this(config, json, System.out);
    }

    EmfMetrics(TelemetryConfig config, ObjectMapper json, PrintStream out) {
        this.config = config;
        this.json = json;
        this.out = out;
    }

    void write(Invocation invocation) {
        if (!config.metrics().enabled()) {
            return;
        }
        String line;
        try {
            line = json.writeValueAsString(document(invocation).root());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a metrics document could not be written as JSON", e);
        }
        // One println: the line reaches CloudWatch as one event, never interleaved with a log line.
        out.println(line);
    }

    EmfDocument document(Invocation invocation) {
        EmfDocument document = new EmfDocument(json, config.metrics().namespace(), System.currentTimeMillis())
                .dimension(SERVICE, config.serviceName())
                .dimension(OUTCOME, invocation.outcome())
                .metric(invocation.countedAs(), "Count", 1)
                .metric(UPSTREAM_ATTEMPTS, "Count", invocation.upstream().attempts())
                .metric(COLD_START, "Count", invocation.coldStart() ? 1 : 0)
                .metric(CIRCUIT_OPEN, "Count", invocation.upstream().wasCircuitOpen() ? 1 : 0);
        if (invocation.upstream().attempts() > 0) {
            // Without a call there is no latency; a 0 would pull the average down.
            document.metric(UPSTREAM_LATENCY, "Milliseconds", invocation.upstream().millis());
        }
        return document.property("source", invocation.source())
                .property("requestId", invocation.requestId())
                .property("taskId", invocation.taskId())
                .property("xrayTraceId", invocation.xrayTraceId())
                .property("functionName", invocation.functionName())
                .property("functionVersion", invocation.functionVersion());
    }
}
