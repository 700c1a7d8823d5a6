package io.veostatus.keep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.error.VeoStatusException;
import io.veostatus.lambda.EventReader;
import io.veostatus.lambda.LambdaContext;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.Invocation;
import io.veostatus.telemetry.InvocationTelemetry;

/**
 * The keeping function's handler, selected with {@code QUARKUS_LAMBDA_HANDLER=veo-keep} in the keeping function's
 * package (target/keep), the one built with the AWS SDK; the status function's package has no bean of it. Each
 * invocation gets the same summary line and metrics document as a poll, counted as {@code Keeps}, and its answer or
 * outcome leaves with the API key redacted, as a poll's does ({@link InvocationTelemetry}); an outcome is thrown as a
 * {@link VeoStatusException}, whose class name is the error name the state machine catches.
 */
@Named(KeepVideoHandler.NAME)
public class KeepVideoHandler implements RequestStreamHandler {

    public static final String NAME = "veo-keep";
    /** Used when the runtime reports no deadline (the local mock event server). */
    static final Duration BUDGET_WITHOUT_DEADLINE = Duration.ofSeconds(120);

    private final VideoKeeper keeper;
    private final InvocationTelemetry telemetry;
    private final ObjectMapper json;
    private final EventReader events;

    public KeepVideoHandler(VideoKeeper keeper, InvocationTelemetry telemetry, EventReader events, ObjectMapper json) {
        this.keeper = keeper;
        this.telemetry = telemetry;
        this.json = json;
        this.events = events;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation invocation = telemetry.begin(context);
        invocation.countAs(EmfMetrics.KEEPS);
        telemetry.around(invocation, output, () -> {
            invocation.source(LambdaContext.fromStepFunctions(context) ? "STEP_FUNCTIONS" : "DIRECT");
            KeepRequest request = KeepRequest.read(events.read(input, "{\"taskId\": \"...\"}").unambiguous(), json);
            invocation.taskId(request.taskId());
            KeepProgress progress = keeper.keep(request, LambdaContext.deadline(context, BUDGET_WITHOUT_DEADLINE), invocation.upstream());
            invocation.outcome(progress.done() ? "KEPT" : "AWAITING_1080P", null);
            return progress;
        });
    }
}
