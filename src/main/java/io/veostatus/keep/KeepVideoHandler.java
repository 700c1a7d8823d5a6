package io.veostatus.keep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.VeoStatusException;
import io.veostatus.lambda.InvocationSkeleton;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.InvocationTelemetry;

/**
 * The keeping function's handler, selected with {@code QUARKUS_LAMBDA_HANDLER=veo-keep} in the keeping function's
 * package (target/keep), the one built with the AWS SDK; the status function's package has no bean of it. Each
 * invocation gets the same summary line, with its metrics, as a poll, counted as {@code Keeps}, and its answer or
 * outcome leaves with the API key redacted, as a poll's does ({@link InvocationTelemetry}); an outcome is thrown as a
 * {@link VeoStatusException}, whose class name is the error name the state machine catches.
 */
@Named(KeepVideoHandler.NAME)
public class KeepVideoHandler implements RequestStreamHandler {

    static final InvocationSkeleton.Served SERVED = new InvocationSkeleton.Served(EmfMetrics.KEEPS, "{\"taskId\": \"...\"}",
            Duration.ofSeconds(120));
    public static final String NAME = "veo-keep";

    private final VideoKeeper keeper;
    private final InvocationSkeleton skeleton;
    /** Reads the function's own previous answer, passed back in {@code keep}. */
    private final ObjectReader previousAnswers;

    public KeepVideoHandler(VideoKeeper keeper, InvocationSkeleton skeleton, ObjectMapper json) {
        this.previousAnswers = json.readerFor(KeepProgress.class);
        this.keeper = keeper;
        this.skeleton = skeleton;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        skeleton.run(SERVED, input, output, context, call -> {
            KeepRequest request = KeepRequest.read(call.event().unambiguous(), previousAnswers);
            call.invocation().taskId(request.taskId());
            KeepProgress progress = keeper.keep(request, call.deadline(), call.invocation().upstream());
            call.invocation().outcome(progress.done() ? "KEPT" : "AWAITING_1080P", null);
            return progress;
        });
    }
}
