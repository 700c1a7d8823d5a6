package io.veostatus.packaged;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small Lambda Runtime API server (the protocol of {@code AWS_LAMBDA_RUNTIME_API}, 2018-06-01): it
 * hands queued events to the runtime's {@code /invocation/next} poll and collects each answer or
 * error, so that a packaged function can be run as Lambda runs it. It also notes when the runtime first
 * asked for an invocation (the end of its init phase) and how long each invocation took from the event
 * being handed over to the answer arriving (what Lambda bills as the invocation's duration).
 */
public final class RuntimeApiServer implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";

    static {
        // The JDK's server writes a response's headers and body separately; without TCP_NODELAY the body waits for
        // the runtime's delayed ACK (40 ms on Linux) on every reused connection, which Lambda's Runtime API does not.
        // It is read once, when the server's configuration class initializes.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * What the function answered: its body; for an error, the error type header the runtime sent
     * ({@code "none"} when it sent none); and how long the invocation took.
     */
    public record Answer(String body, String errorTypeHeader, Duration duration, String requestId) {
        public boolean failed() {
            return errorTypeHeader != null;
        }
    }

    /** One queued event; its deadline is this long after it is handed over (null: the function's timeout). */
    private record Invocation(String requestId, String event, String clientContext, Duration deadline) {
    }

    private record Pending(CompletableFuture<Answer> answer, AtomicLong handedAt) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    /** Requests for the next invocation that are waiting for one. */
    private final AtomicInteger waitingPolls = new AtomicInteger();
    private final Duration timeout;

    /** @param timeout the function's timeout: each event's deadline is this far after it is handed over */
    public RuntimeApiServer(Duration timeout) throws IOException {
        this.timeout = timeout;
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
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@link System#nanoTime()} when the runtime first asked for an invocation, waiting at most {@code limit}. */
    public long firstPollNanos(Duration limit) throws Exception {
        return CompletableFuture.anyOf(firstPoll, initError.thenApply(error -> {
            throw new IllegalStateException("the function reported an init error: " + error);
        })).thenApply(Long.class::cast).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the runtime has asked for an invocation yet: its init phase ended. */
    public boolean polled() {
        return firstPoll.isDone();
    }

    /** Whether the runtime reported an init error. */
    public boolean initErrorReported() {
        return initError.isDone();
    }

    /** The init error the runtime reported, as it sent it; empty when it reported none. */
    public Optional<String> initError() {
        return Optional.ofNullable(initError.getNow(null));
    }

    /** Waits up to {@code limit} until the runtime is waiting for the next invocation, as an idle environment does. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (waitingPolls.get() == 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return waitingPolls.get() > 0;
    }

    /** Invokes the function with one event and waits for its answer. */
    public Answer invoke(String event) throws Exception {
        return invoke(event, null);
    }

    /** Invokes with a Lambda client context (JSON), as a caller such as Step Functions may pass one. */
    public Answer invoke(String event, String clientContext) throws Exception {
        return invoke(event, clientContext, null);
    }

    /** Invokes with a deadline {@code deadline} after the event is handed over, shorter than the function's timeout. */
    public Answer invokeWithin(String event, Duration deadline) throws Exception {
        return invoke(event, null, deadline);
    }

    private Answer invoke(String event, String clientContext, Duration deadline) throws Exception {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(requestId, new Pending(answer, new AtomicLong()));
        queue.put(new Invocation(requestId, event, clientContext, deadline));
        try {
            return CompletableFuture.anyOf(answer, initError.thenApply(error -> new Answer(error, "init error", Duration.ZERO, requestId)))
                    .thenApply(Answer.class::cast).get(timeout.toSeconds() + 40, TimeUnit.SECONDS);
        } finally {
            pending.remove(requestId);
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation;
        waitingPolls.incrementAndGet();
        try {
            invocation = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            waitingPolls.decrementAndGet();
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + (invocation.deadline() == null ? timeout : invocation.deadline()).toMillis()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:veo-status");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=" + traceId(invocation.requestId())
                + ";Parent=53995c3f42cd8ad8;Sampled=1");
        if (invocation.clientContext() != null) {
            exchange.getResponseHeaders().add("Lambda-Runtime-Client-Context", invocation.clientContext());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        Pending waiting = pending.get(invocation.requestId());
        if (waiting != null) {
            waiting.handedAt().set(System.nanoTime());
        }
        respond(exchange, 200, invocation.event());
    }

    /** The X-Ray trace id Lambda would give this invocation: 1-{8 hex digits of time}-{24 hex digits}. */
    static String traceId(String requestId) {
        String hex = requestId.replace("-", "");
        return "1-" + hex.substring(0, 8) + "-" + hex.substring(8, 32);
    }

    private void result(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        // /2018-06-01/runtime/invocation/{requestId}/response or /error
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String requestId = parts[parts.length - 2];
        String kind = parts[parts.length - 1];
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        Pending waiting = pending.get(requestId);
        if (waiting != null) {
            waiting.answer().complete(new Answer(body, "error".equals(kind) ? (errorType == null ? "none" : errorType) : null,
                    Duration.ofNanos(arrived - waiting.handedAt().get()), requestId));
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
