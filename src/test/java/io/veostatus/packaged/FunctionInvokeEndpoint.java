package io.veostatus.packaged;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda invoke URL src/test/statemachine/run-execution.mjs calls ({@code lambdaUrl}), for functions run as their
 * packages ({@link PackagedFunction}) rather than in the test's Quarkus: it takes {@code POST {"handler": name,
 * "event": ...}} and invokes the function registered under that handler name with the event, answering as the
 * Quarkus mock event server does: 200 with the function's answer, or 500 with the function's error document
 * ({@code {"errorType", "errorMessage"}}), whose errorType the runner raises as the Task's error. Each request is
 * served on a thread of its own, so a Map state's invocations may overlap; one function (one execution environment)
 * takes them one at a time, as Lambda's environment does.
 */
public final class FunctionInvokeEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A function as the endpoint invokes it: an event in, the function's answer or error out. */
    @FunctionalInterface
    public interface Invocable {
        RuntimeApiServer.Answer invoke(String event) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Invocable> functions;

    private FunctionInvokeEndpoint(HttpServer server, Map<String, Invocable> functions) {
        this.server = server;
        this.functions = Map.copyOf(functions);
        server.setExecutor(threads);
        server.createContext("/", this::invoke);
        server.start();
    }

    /**
     * Starts it on a port the system chooses, on 127.0.0.1.
     *
     * @param functions by handler name ({@code veo-status}, {@code veo-callback} ...), e.g. {@code function::invoke}
     *            of a {@link PackagedFunction}
     */
    public static FunctionInvokeEndpoint start(Map<String, Invocable> functions) {
        try {
            return new FunctionInvokeEndpoint(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), functions);
        } catch (IOException e) {
            throw new IllegalStateException("the invoke endpoint cannot listen", e);
        }
    }

    /** The runner's {@code lambdaUrl}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("MethodNotAllowed", "POST an event"));
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String handler = request == null ? "" : request.path("handler").asText();
            Invocable function = functions.get(handler);
            if (function == null) {
                respond(exchange, 404, error("UnknownHandler", "no function is registered as '" + handler + "'"));
                return;
            }
            RuntimeApiServer.Answer answer = function.invoke(JSON.writeValueAsString(request.path("event")));
            respond(exchange, answer.failed() ? 500 : 200, answer.body());
        } catch (Exception e) {
            // Unlike a function's error, the test's own fault: no errorType the state machine could catch as the function's.
            respond(exchange, 502, error("InvokeEndpointFault", String.valueOf(e)));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            exchange.close();
        }
    }

    private static String error(String type, String message) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("errorType", type).put("errorMessage", message));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
