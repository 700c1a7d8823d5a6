package io.veostatus.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.Context;

import io.veostatus.kernel.Deadline;
import io.veostatus.telemetry.Invocation;
import io.veostatus.telemetry.InvocationTelemetry;

/**
 * The one way every function's invocation runs: its context into the log, the event read strictly, the function's
 * answer written (or its outcome thrown), then the invocation ended with its summary and metrics
 * ({@link InvocationTelemetry#around}). A handler says only what it serves and how it answers.
 */
@ApplicationScoped
public class InvocationSkeleton {

    private final InvocationTelemetry telemetry;
    private final EventReader events;

    public InvocationSkeleton(InvocationTelemetry telemetry, EventReader events) {
        this.telemetry = telemetry;
        this.events = events;
    }

    /**
     * What a function serves.
     *
     * @param metric the count its invocations add to ({@code Polls}, {@code Keeps})
     * @param expected what to send, as an error message says it to a caller whose event is not read
     * @param budgetWithoutDeadline the time it gives itself where the runtime reports no deadline (the local mock
     *        event server); on Lambda the context's remaining time always applies
     */
    public record Served(String metric, String expected, Duration budgetWithoutDeadline) {
    }

    /** One invocation as a function sees it: its event, its deadline, and where it records what it did. */
    public record Call(EventReader.Event event, Deadline deadline, Invocation invocation) {
    }

    /** A function's answer to one invocation; an outcome is thrown as a {@code VeoStatusException}. */
    @FunctionalInterface
    public interface Answering {
        Object answer(Call call) throws IOException;
    }

    public void run(Served served, InputStream input, OutputStream output, Context context, Answering answering)
            throws IOException {
        Invocation invocation = telemetry.begin(context);
        invocation.countAs(served.metric());
        invocation.source(LambdaContext.fromStepFunctions(context) ? "STEP_FUNCTIONS" : "DIRECT");
        telemetry.around(invocation, output, () -> answering.answer(new Call(events.read(input, served.expected()),
                LambdaContext.deadline(context, served.budgetWithoutDeadline()), invocation)));
    }
}
