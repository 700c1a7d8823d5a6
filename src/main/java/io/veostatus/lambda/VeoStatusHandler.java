package io.veostatus.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.core.Deadline;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.status.PollRequest;
import io.veostatus.status.TaskPoller;
import io.veostatus.status.TaskStatus;
import io.veostatus.telemetry.Invocation;
import io.veostatus.telemetry.InvocationTelemetry;

/**
 * The one Lambda handler. Every caller (Step Functions, a direct invoke, HTTP through API Gateway,
 * a Function URL or an ALB) reaches the same warm instances. It reads the raw event itself rather than
 * letting the runtime bind it, so that an empty event or one that is not JSON gets veo-status's own error
 * like any other bad input, and its shape, not a Java type, decides where the task id is. An outcome is
 * thrown as a {@link VeoStatusException}, which the runtime reports with its class name as
 * {@code errorType}; each invocation ends in one summary line and one metrics document, and its answer or
 * outcome leaves with the API key redacted ({@link InvocationTelemetry}); nothing of one invocation is kept for
 * the next.
 */
@Named("veo-status")
public class VeoStatusHandler implements RequestStreamHandler {

    /**
     * Used when the runtime reports no deadline (the local mock event server); on Lambda the
     * context's remaining time always applies.
     */
    static final Duration BUDGET_WITHOUT_DEADLINE = Duration.ofSeconds(30);

    private final TaskPoller poller;
    private final HttpFrontDoor frontDoor;
    private final InvocationTelemetry telemetry;
    private final EventReader events;

    public VeoStatusHandler(TaskPoller poller, HttpFrontDoor frontDoor, InvocationTelemetry telemetry, EventReader events) {
        this.poller = poller;
        this.frontDoor = frontDoor;
        this.telemetry = telemetry;
        this.events = events;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation invocation = telemetry.begin(context);
        telemetry.around(invocation, output, () -> {
            EventReader.Event read = events.read(input, "{\"taskId\": \"...\"} or the task id as a JSON string");
            JsonNode event = read.json();
            EventShape shape = shape(read);
            invocation.source(source(shape, event, context));
            Deadline deadline = LambdaContext.deadline(context, BUDGET_WITHOUT_DEADLINE);
            if (shape == EventShape.DIRECT) {
                PollRequest request = DirectInvocation.read(read.unambiguous());
                invocation.taskId(request.taskId());
                TaskStatus status = poller.poll(request, deadline, invocation.upstream());
                invocation.outcome(status.status().name(), null);
                return status;
            }
            HttpResponse response = read.refusal() == null ? frontDoor.respond(shape, event, deadline, invocation)
                    : frontDoor.refuse(shape, event, read.refusal(), invocation);
            invocation.httpStatus(response.statusCode());
            return response;
        });
    }

    /** The event's shape; a refused event of no HTTP shape is refused for what made it ambiguous. */
    private static EventShape shape(EventReader.Event read) {
        try {
            return EventShape.of(read.json());
        } catch (InvalidRequestException notServed) {
            throw read.refusal() != null ? read.refusal() : notServed;
        }
    }

    /** DIRECT, STEP_FUNCTIONS, REST_API, HTTP_API, FUNCTION_URL or ALB: for the summary line and metrics. */
    private static String source(EventShape shape, JsonNode event, Context context) {
        if (shape == EventShape.DIRECT) {
            return LambdaContext.fromStepFunctions(context) ? "STEP_FUNCTIONS" : "DIRECT";
        }
        // A Function URL sends the HTTP API's payload 2.0, from a lambda-url domain.
        if (shape == EventShape.HTTP_API && event.path("requestContext").path("domainName").asText("").contains(".lambda-url.")) {
            return "FUNCTION_URL";
        }
        return shape.name();
    }
}
