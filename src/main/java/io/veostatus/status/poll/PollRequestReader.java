package io.veostatus.status.poll;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.kernel.TaskId;
import io.veostatus.taskstatus.TaskStatus;

/**
 * Reads the event of a direct or Step Functions invocation: a JSON string that is the task id, or a
 * JSON object with a string {@code taskId}. The function's own TaskStatus output is such an object;
 * its {@code poll} carries the attempt count and the first poll's time over to the next poll.
 */
public final class PollRequestReader {

    /** A day: far beyond any generation, and within what one Standard workflow execution can poll. */
    static final long MAX_WAIT_SECONDS_LIMIT = 24 * 3600;
    /**
     * A Standard workflow fails past 25,000 history events, about 9 per poll; budget over interval must
     * stay well under that, so that a long wait ends in TIMED_OUT rather than an execution failure.
     */
    static final long MAX_POLLS_PER_BUDGET = 2_000;
    /** A Wait state waits at most a year; a day between polls is already far beyond any use. */
    static final long MAX_POLL_INTERVAL_SECONDS = 24 * 3600;
    /** Far more polls than any wait budget allows; it keeps the count from overflowing. */
    static final int MAX_ATTEMPT = 1_000_000;

    private PollRequestReader() {
    }

    public static PollRequest read(JsonNode event) {
        if (event == null || event.isNull() || event.isMissingNode()) {
            throw new InvalidTaskIdException(
                    "The event is empty: give {\"taskId\": \"...\"} or the task id as a JSON string.");
        }
        if (event.isTextual()) {
            return PollRequest.first(TaskId.parse(event.asText()));
        }
        if (!event.isObject()) {
            throw new InvalidTaskIdException("The event is a JSON " + event.getNodeType().name().toLowerCase()
                    + ": give {\"taskId\": \"...\"} or the task id as a JSON string.");
        }
        JsonNode taskId = event.get("taskId");
        if (taskId == null || taskId.isNull()) {
            throw new InvalidTaskIdException("The event has no taskId: give {\"taskId\": \"...\"}.");
        }
        if (!taskId.isTextual()) {
            throw new InvalidTaskIdException("The taskId must be a JSON string, not a " 
                    + taskId.getNodeType().name().toLowerCase() + ".");
        }
        JsonNode poll = event.path("poll");
        if (!poll.isMissingNode() && !poll.isNull() && !poll.isObject()) {
            throw new InvalidRequestException("poll must be the poll object of a previous result.");
        }
        // A setting given with this event wins; otherwise the one a previous result carries in its poll.
        Long maxWait = seconds("maxWaitSeconds", either(event, poll, "maxWaitSeconds"), MAX_WAIT_SECONDS_LIMIT);
        Long interval = seconds("pollIntervalSeconds", either(event, poll, "pollIntervalSeconds"), MAX_POLL_INTERVAL_SECONDS);
        if (maxWait != null && interval != null && maxWait / interval > MAX_POLLS_PER_BUDGET) {
            throw new InvalidRequestException("maxWaitSeconds / pollIntervalSeconds allows more than " + MAX_POLLS_PER_BUDGET
                    + " polls, more than one Step Functions execution can record; poll less often or wait less.");
        }
        return new PollRequest(TaskId.parse(taskId.asText()), attempt(poll.path("attempt")),
                firstPolledAt(poll.path("firstPolledAt")), maxWait, interval);
    }

    private static JsonNode either(JsonNode event, JsonNode poll, String field) {
        JsonNode own = event.path(field);
        return own.isMissingNode() || own.isNull() ? poll.path(field) : own;
    }

    private static int attempt(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt() || node.asInt() < 0
                || node.asInt() > MAX_ATTEMPT) {
            throw new InvalidRequestException("poll.attempt must be a whole number from 0 to " + MAX_ATTEMPT + ".");
        }
        return node.asInt();
    }

    private static Instant firstPolledAt(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.textValue() == null ? "" : node.textValue());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    "poll.firstPolledAt must be an ISO-8601 instant such as 2026-11-29T08:00:00Z.");
        }
    }

    private static Long seconds(String field, JsonNode node, long limit) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1 || node.asLong() > limit) {
            throw new InvalidRequestException(field + " must be a whole number of seconds from 1 to " + limit + ".");
        }
        return node.asLong();
    }
}
