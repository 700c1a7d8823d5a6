package io.veostatus.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.status.TaskPoller;
import io.veostatus.upstream.ApiKeyProvider;
import io.veostatus.core.Deadline;

/**
 * The one Lambda handler. Every caller (Step Functions, a direct invoke, HTTP through API Gateway,
 * a Function URL or an ALB) reaches the same warm instances. It reads the raw event itself rather than letting the runtime bind it, so that an
 * empty event or one that is not JSON gets veo-status's own error like any other bad input, and
 * its shape, not a Java type, decides where the task id is. An outcome is thrown as a
 * {@link VeoStatusException}, which the runtime reports with its class name as {@code errorType};
 * nothing of one invocation is kept for the next.
 */
@Named("veo-status")
public class VeoStatusHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(VeoStatusHandler.class);
    /**
     * Used when the runtime reports no deadline (the local mock event server); on Lambda the
     * context's remaining time always applies.
     */
    static final Duration BUDGET_WITHOUT_DEADLINE = Duration.ofSeconds(30);

    private final TaskPoller poller;
    private final HttpFrontDoor frontDoor;
    private final ApiKeyProvider keys;
    private final ObjectReader events;
    private final ObjectWriter results;

    public VeoStatusHandler(TaskPoller poller, HttpFrontDoor frontDoor, ApiKeyProvider keys, ObjectMapper json) {
        this.poller = poller;
        this.frontDoor = frontDoor;
        this.keys = keys;
        this.events = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.results = json.writer();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            JsonNode event = readEvent(input);
            EventShape shape = EventShape.of(event);
            Object result = shape == EventShape.DIRECT
                    ? poller.poll(DirectInvocation.read(event), deadline(context))
                    : frontDoor.respond(shape, event, deadline(context));
            // The result's strings were redacted as they were read; a prompt is JSON inside JSON, though,
            // and could carry the key in escapes that only its second parse undoes.
            output.write(keys.redact(results.writeValueAsString(result)).getBytes(StandardCharsets.UTF_8));
        } catch (VeoStatusException outcome) {
            // Expected outcomes are not logged by the runtime (quarkus.lambda.expected-exceptions): one line here.
            LOG.infof("%s: %s", outcome.getClass().getSimpleName(), outcome.getMessage());
            throw outcome;
        }
    }

    private JsonNode readEvent(InputStream input) throws IOException {
        try {
            return events.readTree(input);
        } catch (JsonProcessingException notJson) {
            throw new InvalidRequestException("The event is not a JSON document: give {\"taskId\": \"...\"} "
                    + "or the task id as a JSON string.");
        }
    }

    private static Deadline deadline(Context context) {
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return Deadline.after(remaining > 0 ? Duration.ofMillis(remaining) : BUDGET_WITHOUT_DEADLINE);
    }
}
