package io.veostatus.status.http;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;

/**
 * The kinds of event the one handler serves, recognised from the event's content (docs/api.md,
 * "Input" and "HTTP").
 * Other AWS events (a WebSocket message, an S3 or SQS batch) are refused with a sentence that names
 * the shapes that are served.
 */
public enum EventShape {
    /** A JSON string, or an object with {@code taskId}: a direct invoke or a Step Functions task. */
    DIRECT,
    /** API Gateway REST API, proxy integration (payload 1.0). */
    REST_API,
    /** API Gateway HTTP API or a Lambda Function URL (payload 2.0). */
    HTTP_API,
    /** An Application Load Balancer target group. */
    ALB;

    static final String SERVED = "veo-status serves a task id as a JSON string or {\"taskId\": \"...\"}, "
            + "and HTTP requests from API Gateway (REST API or HTTP API), a Function URL or an ALB.";

    public static EventShape of(JsonNode event) {
        if (event == null || !event.isObject()) {
            return DIRECT;
        }
        JsonNode context = event.path("requestContext");
        if (context.isObject()) {
            if (context.has("connectionId") || context.has("eventType") || context.has("messageDirection")) {
                throw new InvalidRequestException("The event is an API Gateway WebSocket event, which is not served: "
                        + SERVED);
            }
            if (context.path("elb").isObject()) {
                return ALB;
            }
            if ("2.0".equals(event.path("version").asText()) && context.path("http").isObject()) {
                return HTTP_API;
            }
            if (event.path("httpMethod").isTextual()) {
                return REST_API;
            }
            throw new InvalidRequestException("The event has a requestContext of no known HTTP source: " + SERVED);
        }
        if (event.has("Records") || event.has("detail-type")) {
            throw new InvalidRequestException("The event is an AWS service event (such as S3, SQS or EventBridge), "
                    + "which is not served: " + SERVED);
        }
        return DIRECT;
    }
}
