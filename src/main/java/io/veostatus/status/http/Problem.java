package io.veostatus.status.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem document, the body of every HTTP error response. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "taskId" })
record Problem(String type, String title, int status, String detail, String taskId) {

    static final String TYPE_PREFIX = "urn:veo-status:problem:";
}
