package io.veostatus.callback.proof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.kernel.TaskId;

/**
 * The task a callback's body names: the one thing read from it (what the task came to is asked of record-info). The
 * vendor's pages put the id at {@code data.taskId}, {@code data.task_id} or {@code taskId}; a body that names two
 * different ids names none.
 */
public final class VendorBody {

    private VendorBody() {
    }

    /** @param strict a reader that refuses a key given twice and deep nesting */
    public static TaskId taskId(String body, ObjectReader strict) {
        JsonNode json;
        try {
            json = strict.readTree(body);
        } catch (IOException | RuntimeException unreadable) {
            throw new InvalidRequestException("The callback's body is not one JSON object.");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidRequestException("The callback's body is not one JSON object.");
        }
        List<String> named = new ArrayList<>();
        for (JsonNode id : List.of(json.path("data").path("taskId"), json.path("data").path("task_id"), json.path("taskId"))) {
            if (!id.isMissingNode() && !id.isNull()) {
                if (!id.isTextual()) {
                    throw new InvalidRequestException("The callback's task id is not a string.");
                }
                named.add(id.textValue().strip());
            }
        }
        if (named.isEmpty()) {
            throw new InvalidRequestException("The callback's body names no task id.");
        }
        if (named.stream().distinct().count() > 1) {
            throw new InvalidRequestException("The callback's body names two different task ids.");
        }
        return TaskId.parse(named.get(0));
    }
}
