package io.veostatus.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.veostatus.callback.aws.WaiterTable;
import io.veostatus.callback.proof.CallbackProof;
import io.veostatus.callback.proof.VendorBody;
import io.veostatus.config.CallbackConfig;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.taskstatus.TaskStatusNormalizer;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.Invocation;
import io.veostatus.veoapi.RecordInfoGateway;

/**
 * A vendor's callback, from proof to answer. The body is only a hint of which task to look at: once the callback
 * proves where it comes from, and only when an execution waits on the task, record-info is asked (at most once per
 * task per {@code veo.callback.poll-spacing}), and only a task record-info says has ended resumes anyone.
 */
@ApplicationScoped
class CallbackReceiver {

    /** API Gateway hands a request over within seconds; a cold start's init takes a few at most. */
    private static final Duration MOST_SINCE_RECEIVED = Duration.ofSeconds(8);

    private final CallbackProof proof;
    private final WaiterTable table;
    private final RecordInfoGateway recordInfo;
    private final WaiterRelease release;
    private final ObjectReader strict;
    private final ObjectMapper json;
    private final CallbackConfig config;

    CallbackReceiver(CallbackProof proof, WaiterTable table, RecordInfoGateway recordInfo, WaiterRelease release,
            ObjectMapper json, CallbackConfig config) {
        this.proof = proof;
        this.table = table;
        this.recordInfo = recordInfo;
        this.release = release;
        this.strict = StrictJson.reader(json);
        this.json = json;
        this.config = config;
    }

    CallbackReply receive(JsonNode event, Deadline invocationDeadline, Invocation invocation) {
        invocation.countAs(EmfMetrics.CALLBACKS);
        invocation.source("HTTP_API");
        invocation.count(EmfMetrics.TOKENS_COMPLETED, 0);
        // The vendor waits 15 s from sending, however long the function could run: counted from when API Gateway
        // received the request, so that a cold start's init is inside it.
        Deadline deadline = Deadline.after(config.answerWithin().minus(sinceReceived(event)));
        if (invocationDeadline.remaining().compareTo(deadline.remaining()) < 0) {
            deadline = invocationDeadline;
        }
        try {
            return handle(event, deadline, invocation);
        } catch (VeoStatusException failed) {
            // An upstream or a store down for now, a task record-info does not know yet: the vendor's retry may find
            // it otherwise. Anything else, such as a key refused, no retry mends; the waiting executions find it when
            // they poll.
            return reply(failed.outcome().ofTheMoment() ? CallbackAnswer.UNAVAILABLE : CallbackAnswer.NOT_HANDLED,
                    failed.outcome().metricName() + ": " + failed.getMessage(), invocation);
        }
    }

    private CallbackReply handle(JsonNode event, Deadline deadline, Invocation invocation) {
        VendorPost post;
        TaskId taskId;
        try {
            post = VendorPost.read(event);
            Optional<String> refused = proof.urlRefusal(post.secret(), deadline);
            if (refused.isPresent()) {
                return reply(CallbackAnswer.REJECTED, refused.get(), invocation);
            }
            taskId = VendorBody.taskId(post.body(), strict);
        } catch (InvalidRequestException | InvalidTaskIdException unreadable) {
            return reply(CallbackAnswer.UNREADABLE, unreadable.getMessage(), invocation);
        }
        Instant now = Instant.now();
        Optional<String> refused = proof.signatureRefusal(taskId, post.header("x-webhook-timestamp"),
                post.header("x-webhook-signature"), now, deadline);
        if (refused.isPresent()) {
            return reply(CallbackAnswer.REJECTED, refused.get(), invocation);
        }
        // Only a proven callback's task goes into the log's context.
        invocation.taskId(taskId);
        List<WaiterTable.Waiter> waiters = table.waiting(taskId, now, deadline);
        if (waiters.isEmpty()) {
            return reply(CallbackAnswer.WITHOUT_WAITER, null, invocation);
        }
        if (!table.claimPoll(taskId, now, config.pollSpacing(), deadline)) {
            return reply(CallbackAnswer.RECENTLY_POLLED, null, invocation);
        }
        TaskStatus status = TaskStatusNormalizer.normalize(recordInfo.fetch(taskId, deadline, invocation.upstream()));
        if (!status.done()) {
            return reply(CallbackAnswer.NOT_ENDED, null, invocation, status);
        }
        release.release(taskId, status, waiters, deadline, invocation);
        return reply(CallbackAnswer.ACCEPTED, null, invocation, status);
    }

    private CallbackReply reply(CallbackAnswer answer, String reason, Invocation invocation) {
        return reply(answer, reason, invocation, null);
    }

    private CallbackReply reply(CallbackAnswer answer, String reason, Invocation invocation, TaskStatus status) {
        invocation.outcome(answer.name(), reason);
        invocation.httpStatus(answer.status());
        ObjectNode body = json.createObjectNode().put("outcome", answer.name()).put("message", answer.message());
        if (status != null) {
            body.put("taskId", status.taskId()).put("status", status.status().name());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (answer.retryAfter()) {
            headers.put("retry-after", Long.toString(Math.max(1, retryAfter().toSeconds())));
        }
        try {
            return new CallbackReply(answer.status(), headers, json.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }

    private Duration retryAfter() {
        return config.pollSpacing();
    }

    /** How long ago API Gateway received the request ({@code requestContext.timeEpoch}); zero when it does not say. */
    private static Duration sinceReceived(JsonNode event) {
        JsonNode received = event.path("requestContext").path("timeEpoch");
        if (!received.canConvertToLong()) {
            return Duration.ZERO;
        }
        Duration since = Duration.ofMillis(System.currentTimeMillis() - received.asLong());
        // A clock apart from API Gateway's, or a time made up by the caller, moves the deadline by no more than this.
        return since.isNegative() ? Duration.ZERO : since.compareTo(MOST_SINCE_RECEIVED) > 0 ? MOST_SINCE_RECEIVED : since;
    }
}
