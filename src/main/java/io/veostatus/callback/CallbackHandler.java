package io.veostatus.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.veostatus.lambda.InvocationSkeleton;
import io.veostatus.telemetry.EmfMetrics;

/**
 * The callback function's handler, selected with {@code QUARKUS_LAMBDA_HANDLER=veo-callback} in its package
 * (target/callback), the one built with the AWS SDK's DynamoDB and Step Functions clients; the status function's
 * package has no bean of it. It serves the await machine (a registration, a fallback noted) and the vendor's callbacks
 * through its HTTP API, each invocation ending with the summary line and metrics every function writes.
 */
@Named(CallbackHandler.NAME)
public class CallbackHandler implements RequestStreamHandler {

    public static final String NAME = "veo-callback";
    static final InvocationSkeleton.Served SERVED = new InvocationSkeleton.Served(EmfMetrics.CALLBACKS,
            CallbackEvent.EXPECTED, Duration.ofSeconds(20));

    private final InvocationSkeleton skeleton;
    private final Registrar registrar;
    private final CallbackReceiver receiver;

    public CallbackHandler(InvocationSkeleton skeleton, Registrar registrar, CallbackReceiver receiver) {
        this.skeleton = skeleton;
        this.registrar = registrar;
        this.receiver = receiver;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        skeleton.run(SERVED, input, output, context, call -> {
            CallbackEvent event = CallbackEvent.read(call.event().unambiguous());
            if (event instanceof CallbackEvent.Registration registration) {
                return registrar.register(registration, call.deadline(), call.invocation());
            }
            if (event instanceof CallbackEvent.FallbackNote fallback) {
                call.invocation().countAs(EmfMetrics.FALLBACKS_TAKEN);
                call.invocation().taskId(fallback.taskId());
                call.invocation().outcome("FALLBACK", null);
                return new FallbackAnswer(fallback.taskId().value(), true);
            }
            return receiver.receive(((CallbackEvent.VendorCallback) event).event(), call.deadline(), call.invocation());
        });
    }

    /** The fallback note's answer, for logs and direct invokes. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record FallbackAnswer(String taskId, boolean fallback) {
    }
}
