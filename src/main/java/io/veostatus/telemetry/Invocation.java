package io.veostatus.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.MDC;

import io.veostatus.kernel.TaskId;

/**
 * What one invocation did, filled in as it goes and read once at its end for the summary line and the
 * metrics. Its context (request id, task id, cold start, function, trace) is in the MDC from the moment it
 * is known until the invocation ends, so every line logged meanwhile carries it. One per invocation, used
 * on its thread only.
 */
public final class Invocation {

    static final String REQUEST_ID = "requestId";
    static final String TASK_ID = "taskId";
    static final String COLD_START = "coldStart";
    static final String FUNCTION_NAME = "functionName";
    static final String FUNCTION_VERSION = "functionVersion";
    static final String XRAY_TRACE_ID = "xrayTraceId";
    private static final String QUARKUS_REQUEST_ID = "AWSRequestId";

    private final long startNanos = System.nanoTime();
    private final boolean coldStart;
    private final UpstreamUsage upstream = new UpstreamUsage();
    private String source = "DIRECT";
    private String outcome = "UNFINISHED";
    private String detail;
    private Integer httpStatus;
    private String countedAs = EmfMetrics.POLLS;
    /** Empty for the functions that keep no count of their own: a map is made only by the first count. */
    private Map<String, Long> counts = Map.of();

    Invocation(String requestId, boolean coldStart, String functionName, String functionVersion, String xrayTraceId) {
        this.coldStart = coldStart;
        put(REQUEST_ID, requestId);
        put(COLD_START, String.valueOf(coldStart));
        put(FUNCTION_NAME, functionName);
        put(FUNCTION_VERSION, functionVersion);
        put(XRAY_TRACE_ID, xrayTraceId);
        // Quarkus's own poll loop (the native executable's) puts the same id in the MDC as "AWSRequestId";
        // one name for it, so that lines of both artifacts have the same fields (docs/operations.md, "Logs").
        MDC.remove(QUARKUS_REQUEST_ID);
    }

    /** Where the event came from: DIRECT, STEP_FUNCTIONS, REST_API, HTTP_API, FUNCTION_URL or ALB. */
    public void source(String value) {
        source = value;
    }

    String source() {
        return source;
    }

    /** The task this invocation is about, once its id has been validated. */
    public void taskId(TaskId value) {
        put(TASK_ID, value.value());
    }

    /** How it ended: the task's status, or the simple name of the outcome, with the sentence that explains it. */
    public void outcome(String value, String sentence) {
        outcome = value;
        detail = sentence;
    }

    String outcome() {
        return outcome;
    }

    String detail() {
        return detail;
    }

    public void httpStatus(int status) {
        httpStatus = status;
    }

    Integer httpStatus() {
        return httpStatus;
    }

    /** The metric that counts this invocation: {@code Polls} for the status function, {@code Keeps} for the keeping one. */
    public void countAs(String metric) {
        countedAs = metric;
    }

    String countedAs() {
        return countedAs;
    }

    /** A count of its own beside the invocation's ({@link EmfMetrics#TOKENS_COMPLETED}), set to what it did. */
    public void count(String metric, long value) {
        if (counts.isEmpty()) {
            counts = new LinkedHashMap<>();
        }
        counts.put(metric, value);
    }

    Map<String, Long> counts() {
        return counts;
    }

    public UpstreamUsage upstream() {
        return upstream;
    }

    boolean coldStart() {
        return coldStart;
    }

    /** Takes this invocation's context out of the MDC: lines logged between invocations carry none. */
    void close() {
        for (String key : new String[] { REQUEST_ID, TASK_ID, COLD_START, FUNCTION_NAME, FUNCTION_VERSION, XRAY_TRACE_ID }) {
            MDC.remove(key);
        }
    }

    private static void put(String key, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(key, value);
        }
    }

    long totalMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
