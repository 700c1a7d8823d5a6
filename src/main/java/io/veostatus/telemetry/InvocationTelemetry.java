package io.veostatus.telemetry;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;

import io.veostatus.error.VeoStatusException;

/**
 * What each invocation tells its owner: its context in the MDC while it runs (so every line carries it),
 * then one summary line at INFO and one metrics document. Powertools for AWS Lambda does the same for
 * Java functions, but not in a Quarkus native executable.
 */
@ApplicationScoped
public class InvocationTelemetry {

    private static final Logger LOG = Logger.getLogger(InvocationTelemetry.class);
    /** Set by the runtime (Quarkus's poll loop and AWS's runtime interface client alike) for each invocation. */
    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String[] SUMMARY_KEYS = { "source", "outcome", "upstreamAttempts", "upstreamMs", "totalMs",
            "httpStatus", "circuitOpen" };

    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    private final EmfMetrics metrics;

    public InvocationTelemetry(EmfMetrics metrics) {
        this.metrics = metrics;
    }

    public Invocation begin(Context context) {
        return new Invocation(context == null ? null : context.getAwsRequestId(), coldStart.getAndSet(false),
                context == null ? null : context.getFunctionName(), context == null ? null : context.getFunctionVersion(),
                xrayTraceId());
    }

    /** One invocation's work, which may end in an outcome thrown on purpose or in a fault. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException;
    }

    /**
     * Runs an invocation's work and ends the invocation however the work ends: an outcome thrown on purpose
     * (a {@link VeoStatusException}) or a fault is recorded as the outcome by its simple name, then rethrown.
     */
    public void around(Invocation invocation, Work work) throws IOException {
        try {
            work.run();
        } catch (VeoStatusException outcome) {
            // An expected outcome: the runtime does not log it (quarkus.lambda.expected-exceptions); the summary does.
            invocation.outcome(outcome.getClass().getSimpleName(), outcome.getMessage());
            throw outcome;
        } catch (RuntimeException | IOException fault) {
            // Not an outcome but a fault: the runtime logs it with its stack trace, once.
            invocation.outcome(fault.getClass().getSimpleName(), null);
            throw fault;
        } finally {
            end(invocation);
        }
    }

    /** Writes the invocation's summary line and metrics, then takes its context out of the MDC. */
    void end(Invocation invocation) {
        try {
            MDC.put("source", invocation.source());
            MDC.put("outcome", invocation.outcome());
            MDC.put("upstreamAttempts", String.valueOf(invocation.upstream().attempts()));
            MDC.put("upstreamMs", String.valueOf(invocation.upstream().millis()));
            MDC.put("totalMs", String.valueOf(invocation.totalMillis()));
            if (invocation.httpStatus() != null) {
                MDC.put("httpStatus", String.valueOf(invocation.httpStatus()));
            }
            MDC.put("circuitOpen", String.valueOf(invocation.upstream().wasCircuitOpen()));
            LOG.info(summary(invocation));
            metrics.write(invocation);
        } finally {
            for (String key : SUMMARY_KEYS) {
                MDC.remove(key);
            }
            invocation.close();
        }
    }

    /** The summary as a sentence, for text logs (dev mode, tests); JSON logs carry the same as fields. */
    static String summary(Invocation invocation) {
        StringBuilder line = new StringBuilder(invocation.source()).append(' ');
        if (invocation.httpStatus() != null) {
            line.append(invocation.httpStatus()).append(' ');
        }
        line.append(invocation.outcome()).append(" in ").append(invocation.totalMillis()).append(" ms");
        int attempts = invocation.upstream().attempts();
        if (attempts > 0) {
            line.append("; upstream ").append(attempts).append(attempts == 1 ? " attempt, " : " attempts, ")
                    .append(invocation.upstream().millis()).append(" ms");
        }
        if (invocation.upstream().wasCircuitOpen()) {
            line.append("; circuit open");
        }
        if (invocation.detail() != null) {
            line.append(": ").append(invocation.detail());
        }
        return line.toString();
    }

    /** The X-Ray trace id (the {@code Root} of Lambda's trace header), or null outside Lambda. */
    static String xrayTraceId() {
        String header = System.getProperty(TRACE_HEADER_PROPERTY, System.getenv("_X_AMZN_TRACE_ID"));
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            if (part.startsWith("Root=")) {
                return part.substring("Root=".length());
            }
        }
        return null;
    }
}
