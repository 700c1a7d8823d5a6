package io.veostatus.packaged;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small Lambda Runtime API server (the protocol of {@code AWS_LAMBDA_RUNTIME_API}, 2018-06-01): it
 * hands queued events to the runtime's {@code /invocation/next} poll and collects each answer or
 * error, so that a packaged function can be run by AWS's own runtime interface client.
 */
final class RuntimeApiServer implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";

    /** What the function answered: its body, for an error the error type Lambda would report, and the request id. */
    record Answer(String body, String errorType, String requestId) {
        boolean failed() {
            return errorType != null;
        }
    }

    private record Invocation(String requestId, String event, String clientContext) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    RuntimeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext(BASE + "/invocation/next", this::next);
        server.createContext(BASE + "/invocation/", this::result);
        server.createContext(BASE + "/init/error", exchange -> {
            initError.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 202, "{}");
        });
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Invokes the function with one event and waits for its answer. */
    Answer invoke(String event) throws Exception {
        return invoke(event, null);
    }

    /** Invokes with a Lambda client context (JSON), as a caller such as Step Functions may pass one. */
    Answer invoke(String event, String clientContext) throws Exception {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(requestId, answer);
        queue.put(new Invocation(requestId, event, clientContext));
        try {
            return CompletableFuture.anyOf(answer, initError.thenApply(error -> new Answer(error, "init error", requestId)))
                    .thenApply(Answer.class::cast).get(60, TimeUnit.SECONDS);
        } finally {
            pending.remove(requestId);
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 20_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:veo-status");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=" + traceId(invocation.requestId())
                + ";Parent=53995c3f42cd8ad8;Sampled=1");
        if (invocation.clientContext() != null) {
            exchange.getResponseHeaders().add("Lambda-Runtime-Client-Context", invocation.clientContext());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, invocation.event());
    }

    /** The X-Ray trace id Lambda would give this invocation: 1-{8 hex digits of time}-{24 hex digits}. */
    static String traceId(String requestId) {
        String hex = requestId.replace("-", "");
        return "1-" + hex.substring(0, 8) + "-" + hex.substring(8, 32);
    }

    private void result(HttpExchange exchange) throws IOException {
        // /2018-06-01/runtime/invocation/{requestId}/response or /error
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String requestId = parts[parts.length - 2];
        String kind = parts[parts.length - 1];
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String errorType = "error".equals(kind)
                ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")
                : null;
        CompletableFuture<Answer> answer = pending.get(requestId);
        if (answer != null) {
            answer.complete(new Answer(body, "error".equals(kind) ? String.valueOf(errorType) : null, requestId));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
