package io.veostatus.keep;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.kernel.TaskId;

/**
 * One request to keep a task's videos: the task id (a TaskStatus, as the state machine passes it, has one),
 * and the keeping function's own previous answer in {@code keep} while a 1080p version is awaited. Nothing
 * else of the input is used: the videos' URLs are asked of record-info, never taken from the input, so no
 * caller can make the function fetch a URL of its choosing.
 *
 * @param previous the previous answer, or null for the first invocation
 */
record KeepRequest(TaskId taskId, KeepProgress previous) {

    static KeepRequest read(JsonNode event, ObjectReader previousAnswers) {
        if (event == null || !event.isObject()) {
            throw new InvalidTaskIdException("Give the keeping function {\"taskId\": \"...\"} or the TaskStatus of a succeeded task.");
        }
        JsonNode taskId = event.get("taskId");
        if (taskId == null || !taskId.isTextual()) {
            throw new InvalidTaskIdException("The event has no taskId string: give {\"taskId\": \"...\"}.");
        }
        JsonNode keep = event.path("keep");
        if (keep.isMissingNode() || keep.isNull()) {
            return new KeepRequest(TaskId.parse(taskId.asText()), null);
        }
        KeepProgress previous;
        try {
            previous = keep.isObject() ? previousAnswers.readValue(keep) : null;
        } catch (IOException | RuntimeException unreadable) {
            // Not the function's own answer (a field of the wrong type, a file without a key, ...).
            previous = null;
        }
        if (previous == null || previous.hd() == null || previous.hd().status() == null) {
            throw new InvalidRequestException("keep must be the keeping function's own previous answer, passed back unchanged.");
        }
        return new KeepRequest(TaskId.parse(taskId.asText()), previous);
    }
}
