package io.veostatus.callback;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.kernel.TaskId;

/**
 * What the callback function is asked: an execution registering its task token (the await machine's
 * {@code AwaitCallback}), the await machine noting that it fell back to polling, or the vendor's callback through the
 * function's HTTP API. Told apart by shape; anything else is refused with a sentence that says what to send.
 */
sealed interface CallbackEvent {

    /** Step Functions' task tokens are at most 2048 characters. */
    int MAX_TOKEN_LENGTH = 2048;
    String EXPECTED = "{\"taskId\": \"...\", \"taskToken\": \"...\"} from the await machine, or the vendor's callback "
            + "through the function's HTTP API";

    /** An execution that waits for {@code taskId} to end, resumed through {@code taskToken}. */
    record Registration(TaskId taskId, String taskToken) implements CallbackEvent {
    }

    /** The await machine went on to the polling loop for {@code taskId}. */
    record FallbackNote(TaskId taskId) implements CallbackEvent {
    }

    /**
     * A POST to the callback route, through API Gateway's HTTP API (payload format 2.0): read by the receiver, which
     * answers whatever it finds in HTTP.
     */
    record VendorCallback(JsonNode event) implements CallbackEvent {
    }

    static CallbackEvent read(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("The event is not a JSON object: give " + EXPECTED + ".");
        }
        if (event.has("requestContext") && event.has("routeKey")) {
            return new VendorCallback(event);
        }
        if (event.has("fallback")) {
            only(event, Set.of("taskId", "fallback"));
            if (!event.get("fallback").isBoolean() || !event.get("fallback").booleanValue()) {
                throw new InvalidRequestException("fallback must be true: give {\"taskId\": \"...\", \"fallback\": true}.");
            }
            return new FallbackNote(TaskId.parse(text(event, "taskId")));
        }
        only(event, Set.of("taskId", "taskToken"));
        TaskId taskId = TaskId.parse(text(event, "taskId"));
        String token = text(event, "taskToken");
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidRequestException("The taskToken is missing, empty or longer than " + MAX_TOKEN_LENGTH
                    + " characters: give the execution's $$.Task.Token.");
        }
        return new Registration(taskId, token);
    }

    private static void only(JsonNode event, Set<String> keys) {
        event.fieldNames().forEachRemaining(name -> {
            if (!keys.contains(name)) {
                throw new InvalidRequestException("The event has a key the callback function does not take; give "
                        + EXPECTED + ".");
            }
        });
    }

    private static String text(JsonNode event, String key) {
        JsonNode value = event.get(key);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw new InvalidRequestException(key + " must be a JSON string: give " + EXPECTED + ".");
        }
        return value == null || value.isNull() ? null : value.textValue();
    }
}
