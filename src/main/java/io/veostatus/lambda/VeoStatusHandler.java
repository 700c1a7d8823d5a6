package io.veostatus.lambda;

import java.time.Duration;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.VeoStatusException;
import io.veostatus.status.PollRequest;
import io.veostatus.status.TaskPoller;
import io.veostatus.status.TaskStatus;
import io.veostatus.upstream.Deadline;

/**
 * The one Lambda handler. Every caller (Step Functions, a direct invoke) reaches the same warm
 * instances. The event is taken as a JSON tree because its shape, not its type, says where the task
 * id is; an unusable event is an {@link VeoStatusException} like any other outcome, so it never
 * affects the next invocation.
 */
@Named("veo-status")
public class VeoStatusHandler implements RequestHandler<JsonNode, Object> {

    private static final Logger LOG = Logger.getLogger(VeoStatusHandler.class);
    /**
     * Used when the runtime reports no deadline (the local mock event server); on Lambda the
     * context's remaining time always applies.
     */
    static final Duration BUDGET_WITHOUT_DEADLINE = Duration.ofSeconds(30);

    private final TaskPoller poller;

    public VeoStatusHandler(TaskPoller poller) {
        this.poller = poller;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        try {
            PollRequest request = DirectInvocation.read(event);
            TaskStatus status = poller.poll(request, deadline(context));
            LOG.debugf("task %s: %s (attempt %d)", status.taskId(), status.status(), status.poll().attempt());
            return status;
        } catch (VeoStatusException outcome) {
            // Expected outcomes are not logged by the runtime (quarkus.lambda.expected-exceptions): one line here.
            LOG.infof("%s: %s", outcome.getClass().getSimpleName(), outcome.getMessage());
            throw outcome;
        }
    }

    private static Deadline deadline(Context context) {
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return Deadline.after(remaining > 0 ? Duration.ofMillis(remaining) : BUDGET_WITHOUT_DEADLINE);
    }
}
