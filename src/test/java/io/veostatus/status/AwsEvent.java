package io.veostatus.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HTTP events derived from AWS's own sample events (src/test/resources/events, see SOURCES.md): each
 * starts as the sample document and changes only method, path, path parameters, query, headers or
 * body, keeping every other field as AWS sends it.
 */
enum AwsEvent {
    REST_API("go-apigw-request.json"),
    REST_API_VERSION_1("go-apigw-request.json"),
    HTTP_API("go-apigw-v2-request-no-authorizer.json"),
    FUNCTION_URL("go-lambda-urls-request.json"),
    ALB("go-alb-lambda-target-request-headers-only.json"),
    ALB_MULTI_VALUE("go-alb-lambda-target-request-headers-only.json");

    static final ObjectMapper JSON = new ObjectMapper();
    private final String file;

    AwsEvent(String file) {
        this.file = file;
    }

    static ObjectNode sample(String file) {
        try (InputStream in = AwsEvent.class.getClassLoader().getResourceAsStream("events/" + file)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlb() {
        return this == ALB || this == ALB_MULTI_VALUE;
    }

    boolean isApiGateway() {
        return this == REST_API || this == REST_API_VERSION_1 || this == HTTP_API;
    }

    /** A request with this source's shape. {@code query} values are plain; each source encodes them its way. */
    ObjectNode request(String method, String path, Map<String, String> query) {
        ObjectNode event = sample(file);
        switch (this) {
            case REST_API, REST_API_VERSION_1 -> {
                if (this == REST_API_VERSION_1) {
                    event.put("version", "1.0");
                }
                event.put("httpMethod", method).put("path", path).put("resource", path);
                ((ObjectNode) event.get("requestContext")).put("httpMethod", method)
                        .put("path", "/" + event.path("requestContext").path("stage").asText() + path)
                        .put("resourcePath", path);
                event.putNull("pathParameters");
                if (query.isEmpty()) {
                    event.putNull("queryStringParameters");
                    event.putNull("multiValueQueryStringParameters");
                } else {
                    ObjectNode single = event.putObject("queryStringParameters");
                    ObjectNode multi = event.putObject("multiValueQueryStringParameters");
                    query.forEach((k, v) -> {
                        single.put(k, v);
                        multi.putArray(k).add(v);
                    });
                }
                event.putNull("body");
                event.put("isBase64Encoded", false);
            }
            case HTTP_API, FUNCTION_URL -> {
                ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
                event.put("rawPath", path);
                event.put("rawQueryString", encodedQuery(query));
                if (query.isEmpty()) {
                    event.remove("queryStringParameters");
                } else {
                    ObjectNode single = event.putObject("queryStringParameters");
                    query.forEach(single::put);
                }
                event.remove("body");
                event.put("isBase64Encoded", false);
            }
            case ALB, ALB_MULTI_VALUE -> {
                event.put("httpMethod", method).put("path", path);
                if (this == ALB_MULTI_VALUE) {
                    ObjectNode headers = event.putObject("multiValueHeaders");
                    event.get("headers").properties().forEach(h -> headers.putArray(h.getKey()).add(h.getValue().asText()));
                    event.remove("headers");
                    event.remove("queryStringParameters");
                    ObjectNode multi = event.putObject("multiValueQueryStringParameters");
                    query.forEach((k, v) -> multi.putArray(encode(k)).add(encode(v)));
                } else {
                    ObjectNode single = event.putObject("queryStringParameters");
                    query.forEach((k, v) -> single.put(encode(k), encode(v)));
                }
                event.put("body", "");
                event.put("isBase64Encoded", false);
            }
        }
        return event;
    }

    /**
     * The query parameter given once with each of {@code values}, as this source passes a repeated parameter: API
     * Gateway's REST API and an ALB with multi-value headers in {@code multiValueQueryStringParameters}, payload 2.0 in
     * {@code rawQueryString} (its {@code queryStringParameters} joins them with commas). An ALB without multi-value
     * headers keeps one value per key, so there the name is spelt another way for each value ({@code task%49d}), which
     * decodes to the same name.
     */
    ObjectNode withRepeatedQuery(ObjectNode event, String name, String... values) {
        switch (this) {
            case REST_API, REST_API_VERSION_1, ALB_MULTI_VALUE -> {
                ArrayNode multi = event.putObject("multiValueQueryStringParameters").putArray(name);
                for (String value : values) {
                    // An ALB passes the values as the client encoded them; API Gateway decodes them.
                    multi.add(this == ALB_MULTI_VALUE ? encode(value) : value);
                }
                if (this != ALB_MULTI_VALUE) {
                    event.putObject("queryStringParameters").put(name, values[values.length - 1]);
                } else {
                    event.remove("queryStringParameters");
                }
            }
            case HTTP_API, FUNCTION_URL -> {
                event.put("rawQueryString", Arrays.stream(values).map(v -> encode(name) + "=" + encode(v))
                        .collect(Collectors.joining("&")));
                event.putObject("queryStringParameters").put(name, String.join(",", values));
            }
            case ALB -> {
                ObjectNode single = event.putObject("queryStringParameters");
                for (int i = 0; i < values.length; i++) {
                    // The i-th spelling has its i-th last letter percent-encoded (taskI%64, task%49d, ...).
                    int at = name.length() - i;
                    single.put(i == 0 ? name : name.substring(0, at) + String.format("%%%02X", (int) name.charAt(at))
                            + name.substring(at + 1), encode(values[i]));
                }
            }
        }
        return event;
    }

    ObjectNode withBody(ObjectNode event, String body, boolean base64) {
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        return event;
    }

    /** API Gateway sources route {@code /tasks/{taskId}} with a path parameter. */
    ObjectNode withPathParameter(ObjectNode event, String name, String value) {
        event.putObject("pathParameters").put(name, value);
        return event;
    }

    ObjectNode withHeader(ObjectNode event, String name, String value) {
        if (this == ALB_MULTI_VALUE) {
            ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        } else if (this == REST_API || this == REST_API_VERSION_1) {
            ((ObjectNode) event.get("headers")).put(name, value);
            ((ObjectNode) event.get("multiValueHeaders")).putArray(name).add(value);
        } else {
            ((ObjectNode) event.get("headers")).put(name.toLowerCase(), value);
        }
        return event;
    }

    /** A response header, from {@code headers} or ALB's {@code multiValueHeaders}. */
    static String header(JsonNode answer, String name) {
        JsonNode headers = answer.has("multiValueHeaders") ? answer.get("multiValueHeaders") : answer.get("headers");
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().isArray() ? header.getValue().get(0).asText() : header.getValue().asText();
            }
        }
        return null;
    }

    private static String encodedQuery(Map<String, String> query) {
        return query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
