package io.veostatus.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The invoke endpoint the state machine runner calls for packaged functions: answers as the Quarkus mock event server
 * does, and serves invocations at once, as a Map state makes them.
 */
class FunctionInvokeEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void routesByHandlerAndAnswersAFunctionErrorWith500AndItsErrorDocument() throws Exception {
        String error = "{\"errorType\":\"VeoApiUnavailable\",\"errorMessage\":\"record-info answered 503\"}";
        try (FunctionInvokeEndpoint endpoint = FunctionInvokeEndpoint.start(Map.of(
                "veo-status", event -> answer("{\"status\":\"GENERATING\",\"event\":" + event + "}"),
                "veo-callback", event -> new RuntimeApiServer.Answer(error, "VeoApiUnavailable", Duration.ZERO, "r")))) {
            HttpResponse<String> status = post(endpoint, "{\"handler\":\"veo-status\",\"event\":{\"taskId\":\"t1\"}}");
            assertEquals(200, status.statusCode());
            assertEquals("{\"status\":\"GENERATING\",\"event\":{\"taskId\":\"t1\"}}", status.body());

            HttpResponse<String> failed = post(endpoint, "{\"handler\":\"veo-callback\",\"event\":{}}");
            assertEquals(500, failed.statusCode());
            assertEquals(error, failed.body());

            assertEquals(404, post(endpoint, "{\"handler\":\"veo-keep\",\"event\":{}}").statusCode());
        }
    }

    @Test
    void invocationsOverlap() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        try (FunctionInvokeEndpoint endpoint = FunctionInvokeEndpoint.start(Map.of("veo-status", event -> {
            both.countDown();
            // Each answers only once the other has arrived: served one after the other, neither would.
            return answer(both.await(10, TimeUnit.SECONDS) ? "{\"together\":true}" : "{\"together\":false}");
        }))) {
            CompletableFuture<HttpResponse<String>> first = postAsync(endpoint, "{\"handler\":\"veo-status\",\"event\":{}}");
            CompletableFuture<HttpResponse<String>> second = postAsync(endpoint, "{\"handler\":\"veo-status\",\"event\":{}}");
            assertEquals("{\"together\":true}", first.get(20, TimeUnit.SECONDS).body());
            assertEquals("{\"together\":true}", second.get(20, TimeUnit.SECONDS).body());
        }
    }

    private static RuntimeApiServer.Answer answer(String body) {
        return new RuntimeApiServer.Answer(body, null, Duration.ZERO, "r");
    }

    private HttpResponse<String> post(FunctionInvokeEndpoint endpoint, String body) throws Exception {
        return postAsync(endpoint, body).get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(FunctionInvokeEndpoint endpoint, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(endpoint.url())).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
