package io.veostatus.telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.error.VeoStatusException;

/**
 * What each invocation tells its owner: its context in the MDC while it runs (so every line carries it),
 * then one summary line at INFO that carries its metrics too ({@link SummaryLine}). Powertools for AWS Lambda does
 * the same for Java functions, but not in a Quarkus native executable.
 *
 * <p>It is also where everything an invocation says leaves both functions ({@link #around}): the answer (a
 * TaskStatus, an HTTP response with its problem's detail, the keeping function's progress), the outcome thrown
 * (the runtime's {@code errorMessage}) and the summary line all pass, as they leave, through the redaction of the
 * current API key in every form ({@link ApiKeyProvider#redact}, the key read from a secret included). The strings
 * of the Veo API's replies are redacted as they are read already; this is the last guard, for whatever a message
 * took in on its way.
 */
@ApplicationScoped
public class InvocationTelemetry {

    /** Set by the runtime (Quarkus's poll loop and AWS's runtime interface client alike) for each invocation. */
    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String[] SUMMARY_KEYS = { "source", "outcome", "upstreamAttempts", "upstreamMs", "totalMs",
            "httpStatus", "circuitOpen" };

    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    private final SummaryLine line;
    private final ApiKeyProvider keys;
    private final ObjectWriter answers;

    public InvocationTelemetry(SummaryLine line, ApiKeyProvider keys, ObjectMapper json) {
        this.answers = json.writer();
        this.line = line;
        this.keys = keys;
    }

    public Invocation begin(Context context) {
        return new Invocation(context == null ? null : context.getAwsRequestId(), coldStart.getAndSet(false),
                context == null ? null : context.getFunctionName(), context == null ? null : context.getFunctionVersion(),
                xrayTraceId());
    }

    /** One invocation's work: its answer, or an outcome thrown on purpose, or a fault. */
    @FunctionalInterface
    public interface Work {
        /** The answer, which is written as JSON. */
        Object run() throws IOException;
    }

    /**
     * Runs an invocation's work and ends the invocation however the work ends: its answer is written to
     * {@code output} as JSON; an outcome thrown on purpose (a {@link VeoStatusException}) or a fault is recorded as
     * the outcome by its simple name, then rethrown. The answer, the outcome's message and the summary line leave
     * with the API key redacted.
     */
    public void around(Invocation invocation, OutputStream output, Work work) throws IOException {
        try {
            Object answer = work.run();
            // The answer's strings from the Veo API were redacted as they were read; a prompt is JSON inside JSON,
            // though, and could carry the key in escapes that only its second parse undoes.
            output.write(keys.redact(answers.writeValueAsString(answer)).getBytes(StandardCharsets.UTF_8));
        } catch (VeoStatusException outcome) {
            // An expected outcome: the runtime does not log it (quarkus.lambda.expected-exceptions); the summary does.
            // What the runtime sends as errorMessage is the message as it is from here on.
            outcome.redact(keys::redact);
            invocation.outcome(outcome.outcome().metricName(), outcome.getMessage());
            throw outcome;
        } catch (RuntimeException | IOException fault) {
            // Not an outcome but a fault: the runtime logs it with its stack trace, once, and sends its message.
            invocation.outcome(fault.getClass().getSimpleName(), null);
            Exception leaving = withoutTheKey(fault);
            if (leaving instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) leaving;
        } finally {
            end(invocation);
        }
    }

    /**
     * The fault as the runtime may log and send it: itself, unless its message or a cause's holds the key, in which
     * case a fault of the same name with its own message redacted and no causes (whose messages and traces the
     * runtime would print as they are).
     */
    private Exception withoutTheKey(Exception fault) {
        for (Throwable cause = fault; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !keys.redact(message).equals(message)) {
                return new IllegalStateException(fault.getClass().getName() + ": " + keys.redact(String.valueOf(fault.getMessage()))
                        + " (its causes are left out: one of them held the API key)");
            }
        }
        return fault;
    }

    /** Writes the invocation's summary line with its metrics, then takes its context out of the MDC. */
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
            // An HTTP problem's detail is in the summary too, not thrown: redacted here, as it leaves.
            line.write(invocation, keys.redact(summary(invocation)));
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
