package io.veostatus.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.lambda.EventReader;
import io.veostatus.lambda.InvocationSkeleton;
import io.veostatus.status.http.EventShape;
import io.veostatus.status.http.HttpFrontDoor;
import io.veostatus.status.http.HttpResponse;
import io.veostatus.status.poll.PollRequest;
import io.veostatus.status.poll.PollRequestReader;
import io.veostatus.status.poll.TaskPoller;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.telemetry.Invocation;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.InvocationTelemetry;

/**
 * The status function's handler. Every caller (Step Functions, a direct invoke, HTTP through API Gateway,
 * a Function URL or an ALB) reaches the same warm instances. It reads the raw event itself rather than
 * letting the runtime bind it, so that an empty event or one that is not JSON gets veo-status's own error
 * like any other bad input, and its shape, not a Java type, decides where the task id is. An outcome is
 * thrown as a {@link VeoStatusException}, which the runtime reports with its class name as
 * {@code errorType}; the invocation runs in the skeleton both functions share ({@link InvocationSkeleton}), which
 * ends it with its summary and metrics and lets its answer or outcome leave with the API key redacted
 * ({@link InvocationTelemetry}); nothing of one invocation is kept for the next.
 */
@Named("veo-status")
public class VeoStatusHandler implements RequestStreamHandler {

    static final InvocationSkeleton.Served SERVED = new InvocationSkeleton.Served(EmfMetrics.POLLS,
            "{\"taskId\": \"...\"} or the task id as a JSON string", Duration.ofSeconds(30));

    private final TaskPoller poller;
    private final HttpFrontDoor frontDoor;
    private final InvocationSkeleton skeleton;

    public VeoStatusHandler(TaskPoller poller, HttpFrontDoor frontDoor, InvocationSkeleton skeleton) {
        this.poller = poller;
        this.frontDoor = frontDoor;
        this.skeleton = skeleton;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        skeleton.run(SERVED, input, output, context, this::answer);
    }

    private Object answer(InvocationSkeleton.Call call) {
        EventReader.Event read = call.event();
        JsonNode event = read.json();
        EventShape shape = shape(read);
        Invocation invocation = call.invocation();
        if (shape == EventShape.DIRECT) {
            PollRequest request = PollRequestReader.read(read.unambiguous());
            invocation.taskId(request.taskId());
            TaskStatus status = poller.poll(request, call.deadline(), invocation.upstream());
            invocation.outcome(status.status().name(), null);
            return status;
        }
        invocation.source(source(shape, event));
        HttpResponse response = read.refusal() == null ? frontDoor.respond(shape, event, call.deadline(), invocation)
                : frontDoor.refuse(shape, event, read.refusal(), invocation);
        invocation.httpStatus(response.statusCode());
        return response;
    }

    /** The event's shape; a refused event of no HTTP shape is refused for what made it ambiguous. */
    private static EventShape shape(EventReader.Event read) {
        try {
            return EventShape.of(read.json());
        } catch (InvalidRequestException notServed) {
            throw read.refusal() != null ? read.refusal() : notServed;
        }
    }

    /** REST_API, HTTP_API, FUNCTION_URL or ALB: for the summary line and metrics. */
    private static String source(EventShape shape, JsonNode event) {
        // A Function URL sends the HTTP API's payload 2.0, from a lambda-url domain.
        if (shape == EventShape.HTTP_API && event.path("requestContext").path("domainName").asText("").contains(".lambda-url.")) {
            return "FUNCTION_URL";
        }
        return shape.name();
    }
}
