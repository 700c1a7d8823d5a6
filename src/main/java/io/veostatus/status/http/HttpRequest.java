package io.veostatus.status.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;

/**
 * One HTTP request, whatever source it came from, with what the routes need: method, path (as the
 * source gives it; segments are decoded only after the split, so an encoded '/' cannot add one), the
 * stage, path parameters, decoded query parameters, headers under lower-case names and the decoded
 * body. {@code multiValueHeaders} records whether the source sent multi-value headers, because an
 * ALB with them enabled accepts only multi-value responses.
 */
record HttpRequest(
        EventShape shape,
        String method,
        String path,
        String stage,
        Map<String, String> pathParameters,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        String body,
        boolean multiValueHeaders) {

    static HttpRequest from(EventShape shape, JsonNode event) {
        return switch (shape) {
            case REST_API -> new HttpRequest(shape, event.path("httpMethod").asText(), event.path("path").asText("/"),
                    text(event.path("requestContext").path("stage")), strings(event.path("pathParameters")),
                    multi(event.path("multiValueQueryStringParameters"), event.path("queryStringParameters"), false),
                    headers(event.path("multiValueHeaders"), event.path("headers")), body(event),
                    event.path("multiValueHeaders").isObject());
            case HTTP_API -> new HttpRequest(shape, event.path("requestContext").path("http").path("method").asText(),
                    event.path("rawPath").asText("/"), text(event.path("requestContext").path("stage")),
                    strings(event.path("pathParameters")), v2Query(event), headers(null, event.path("headers")),
                    body(event), false);
            case ALB -> new HttpRequest(shape, event.path("httpMethod").asText(), event.path("path").asText("/"),
                    null, Map.of(),
                    // An ALB passes query values as the client encoded them.
                    multi(event.path("multiValueQueryStringParameters"), event.path("queryStringParameters"), true),
                    headers(event.path("multiValueHeaders"), event.path("headers")), body(event),
                    event.path("multiValueHeaders").isObject());
            case DIRECT -> throw new IllegalArgumentException("not an HTTP event");
        };
    }

    /**
     * The query parameter's value. Given more than once ({@code ?taskId=a&taskId=b}) it is refused rather than one of
     * its values taken, since whatever is in front of the function (a cache, a WAF, a log) may have taken another.
     */
    Optional<String> onlyQuery(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new InvalidRequestException("The query gives " + name + " " + values.size() + " times, so it is not clear "
                    + "which is meant: give it once.");
        }
        return values.stream().findFirst();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isEmpty()).map(v -> v.get(0));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getValue().isTextual()) {
                    values.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        return values;
    }

    private static Map<String, List<String>> multi(JsonNode multiValue, JsonNode singleValue, boolean encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (multiValue.isObject()) {
            // Keys that decode alike (taskId, task%49d) are one parameter given more than once.
            multiValue.properties().forEach(field -> {
                List<String> list = values.computeIfAbsent(encoded ? decode(field.getKey()) : field.getKey(),
                        name -> new ArrayList<>());
                field.getValue().forEach(v -> list.add(encoded ? decode(v.asText()) : v.asText()));
            });
        } else if (singleValue.isObject()) {
            singleValue.properties().forEach(field -> values
                    .computeIfAbsent(encoded ? decode(field.getKey()) : field.getKey(), name -> new ArrayList<>())
                    .add(encoded ? decode(field.getValue().asText()) : field.getValue().asText()));
        }
        return values;
    }

    /** Payload 2.0 joins repeated values with commas; the raw query string keeps them apart. */
    private static Map<String, List<String>> v2Query(JsonNode event) {
        String raw = event.path("rawQueryString").asText("");
        if (raw.isEmpty()) {
            return multi(com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                    event.path("queryStringParameters"), false);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static Map<String, List<String>> headers(JsonNode multiValue, JsonNode singleValue) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (multiValue != null && multiValue.isObject()) {
            multiValue.properties().forEach(field -> {
                List<String> list = new ArrayList<>();
                field.getValue().forEach(v -> list.add(v.asText()));
                values.put(field.getKey().toLowerCase(Locale.ROOT), list);
            });
        } else if (singleValue.isObject()) {
            singleValue.properties().forEach(field -> values.put(field.getKey().toLowerCase(Locale.ROOT),
                    List.of(field.getValue().asText())));
        }
        return values;
    }

    private static String body(JsonNode event) {
        JsonNode body = event.path("body");
        if (!body.isTextual()) {
            return null;
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw new InvalidRequestException("The request body is marked as base64 but is not valid base64.");
            }
        }
        return body.asText();
    }

    /** One path segment, percent escapes decoded; '+' is a literal in a path. */
    static String decodeSegment(String rawSegment) {
        return decode(rawSegment.replace("+", "%2B"));
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw new InvalidRequestException("The request has a malformed percent escape in its path or query.");
        }
    }
}
