package io.veostatus.telemetry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.veostatus.config.TelemetryConfig;

/**
 * An invocation's metrics in CloudWatch's embedded metric format, added to the line that ends the invocation
 * ({@link SummaryLine}). Dimensions are the service and the outcome only; the request and task ids are in the line's
 * context ({@code mdc}), where they are searchable without creating a metric per id.
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
    /** The callback function's counts of invocations: an execution registering, a vendor's callback, a fallback noted. */
    public static final String REGISTRATIONS = "Registrations";
    public static final String CALLBACKS = "Callbacks";
    public static final String FALLBACKS_TAKEN = "FallbacksTaken";
    /** Task tokens the callback function completed in one invocation; in each of its documents. */
    public static final String TOKENS_COMPLETED = "TokensCompleted";
    /** Every metric a document may hold; the template's alarms may use these and no others. */
    public static final List<String> METRICS = List.of(POLLS, UPSTREAM_ATTEMPTS, UPSTREAM_LATENCY, COLD_START, CIRCUIT_OPEN,
            KEEPS, REGISTRATIONS, CALLBACKS, FALLBACKS_TAKEN, TOKENS_COMPLETED);
    /** The one dimension set of every metric. */
    public static final List<String> DIMENSIONS = List.of(SERVICE, OUTCOME);

    private final TelemetryConfig config;

    public EmfMetrics(TelemetryConfig config) {
        this.config = config;
    }

    boolean enabled() {
        return config.metrics().enabled();
    }

    /** Makes {@code line} the invocation's metrics document too, its metrics timed at {@code timestampMillis}. */
    void addTo(ObjectNode line, Invocation invocation, long timestampMillis) {
        EmfDocument document = new EmfDocument(line, config.metrics().namespace(), timestampMillis)
                .dimension(SERVICE, config.serviceName())
                .dimension(OUTCOME, invocation.outcome())
                .metric(invocation.countedAs(), "Count", 1)
                .metric(UPSTREAM_ATTEMPTS, "Count", invocation.upstream().attempts())
                .metric(COLD_START, "Count", invocation.coldStart() ? 1 : 0)
                .metric(CIRCUIT_OPEN, "Count", invocation.upstream().wasCircuitOpen() ? 1 : 0);
        invocation.counts().forEach((metric, count) -> document.metric(metric, "Count", count));
        if (invocation.upstream().attempts() > 0) {
            // Without a call there is no latency; a 0 would pull the average down.
            document.metric(UPSTREAM_LATENCY, "Milliseconds", invocation.upstream().millis());
        }
    }
}
