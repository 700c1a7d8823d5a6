package io.veostatus.status.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The response to an HTTP event in the shape its source expects: API Gateway (both payload versions)
 * and Function URLs take {@code statusCode}, {@code headers}, {@code body}, {@code isBase64Encoded};
 * an ALB also wants {@code statusDescription}, and {@code multiValueHeaders} instead of
 * {@code headers} when its target group has multi-value headers on.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "statusCode", "statusDescription", "headers", "multiValueHeaders", "body", "isBase64Encoded" })
public record HttpResponse(
        int statusCode,
        String statusDescription,
        Map<String, String> headers,
        Map<String, List<String>> multiValueHeaders,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    static HttpResponse of(HttpRequest request, int status, Map<String, String> headers, String body) {
        boolean alb = request.shape() == EventShape.ALB;
        String payload = "HEAD".equals(request.method()) ? "" : body;
        if (alb && request.multiValueHeaders()) {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            headers.forEach((name, value) -> multi.put(name, List.of(value)));
            return new HttpResponse(status, statusDescription(status), null, multi, payload, false);
        }
        return new HttpResponse(status, alb ? statusDescription(status) : null, headers, null, payload, false);
    }

    /** The response with {@code body} written as JSON. */
    static HttpResponse json(HttpRequest request, int status, Map<String, String> headers, Object body, ObjectMapper json) {
        try {
            return of(request, status, headers, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
    }

    private static String statusDescription(int status) {
        String reason = switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return (status + " " + reason).strip();
    }
}
