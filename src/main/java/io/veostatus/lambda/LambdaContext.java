package io.veostatus.lambda;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;

import io.veostatus.kernel.Deadline;

/** What both handlers read of Lambda's invocation context, read one way. */
public final class LambdaContext {

    /**
     * The caller the state machines name in the Lambda client context they pass
     * ({@code {"custom":{"caller":"step-functions"}}}, base64 in their definitions).
     */
    public static final String STEP_FUNCTIONS_CALLER = "step-functions";

    private LambdaContext() {
    }

    /** Whether the invocation comes from one of the state machines. */
    public static boolean fromStepFunctions(Context context) {
        ClientContext client = context == null ? null : context.getClientContext();
        return client != null && client.getCustom() != null && STEP_FUNCTIONS_CALLER.equals(client.getCustom().get("caller"));
    }

    /**
     * The invocation's deadline: Lambda's remaining time, or {@code withoutDeadline} where the runtime reports
     * none (the local mock event server).
     */
    public static Deadline deadline(Context context, Duration withoutDeadline) {
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return Deadline.after(remaining > 0 ? Duration.ofMillis(remaining) : withoutDeadline);
    }
}
