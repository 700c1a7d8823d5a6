package io.veostatus.callback;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The HTTP API's response (payload format 2.0) to a vendor's callback: its body is a small JSON object. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "statusCode", "headers", "body", "isBase64Encoded" })
record CallbackReply(int statusCode, Map<String, String> headers, String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {
}
