package io.veostatus.status.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.veostatus.config.HttpConfig;

/**
 * The function's own CORS, for browser callers behind a Function URL or an ALB (docs/api.md, "Browser callers
 * (CORS)"): the headers an allowed origin gets on every answer, and the answer to its preflight. Off while
 * {@code veo.http.cors.allowed-origins} lists no origin.
 */
final class CorsPolicy {

    private final HttpConfig.Cors config;

    CorsPolicy(HttpConfig.Cors config) {
        this.config = config;
    }

    /** The CORS headers for this request's origin, or none when CORS is off or the origin is not allowed. */
    Map<String, String> headers(HttpRequest request) {
        List<String> allowed = config.allowedOrigins().orElse(List.of());
        Optional<String> origin = request.header("Origin");
        if (allowed.isEmpty() || origin.isEmpty()) {
            return Map.of();
        }
        boolean any = allowed.contains("*");
        if (!any && !allowed.contains(origin.get())) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", any ? "*" : origin.get());
        headers.put("Access-Control-Expose-Headers", "Retry-After");
        if (!any) {
            headers.put("Vary", "Origin");
        }
        return headers;
    }

    /**
     * The 204 answer to a preflight from an allowed origin, whose {@link #headers} are {@code cors}; empty for any other
     * request, which is routed like any other (and no route serves {@code OPTIONS}).
     */
    Optional<HttpResponse> preflight(HttpRequest request, Map<String, String> cors) {
        if (!"OPTIONS".equals(request.method()) || cors.isEmpty()
                || request.header("Access-Control-Request-Method").isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.put("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
        headers.put("Access-Control-Allow-Headers", request.header("Access-Control-Request-Headers")
                .orElse("content-type, authorization"));
        headers.put("Access-Control-Max-Age", String.valueOf(config.maxAge().toSeconds()));
        return Optional.of(HttpResponse.of(request, 204, headers, ""));
    }
}
