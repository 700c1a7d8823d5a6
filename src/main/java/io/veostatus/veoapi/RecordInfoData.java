package io.veostatus.veoapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data} of a record-info reply: one task. Fields whose wire type varies between replies stay
 * as {@link JsonNode} so that the classifier, not the parser, decides what each shape means:
 * times come as epoch milliseconds or as zone-less text, {@code errorCode} as a number, a string or
 * null, and {@code paramJson} as a JSON document inside a string.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordInfoData(
        String taskId,
        JsonNode paramJson,
        JsonNode createTime,
        JsonNode completeTime,
        RecordInfoResult response,
        Integer successFlag,
        JsonNode errorCode,
        String errorMessage,
        Boolean fallbackFlag) {
}
