package io.veostatus.callback;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Step Functions as the callback function meets it: the API's SendTaskSuccess and SendTaskFailure (AWS JSON 1.0,
 * {@code POST /} with {@code X-Amz-Target}), each call recorded. A token is completed by its first call, answered
 * {@code {}}; any later call for it is answered as Step Functions answers one for a closed task, HTTP 400
 * {@code TaskTimedOut}, and so is a call for a token whose state stopped waiting ({@link #expire}). It can be made
 * unavailable for a while ({@link #unavailable}). Any token is taken as issued; too long a token or an output that is
 * not JSON or too large is refused, with Step Functions' limits.
 *
 * <p>For src/test/statemachine/run-execution.mjs, which runs the await state machine, it also serves
 * {@code GET /completion?token=<url-encoded token>}: the token's completion as soon as there is one
 * ({@code {"kind":"success","output":"<output as JSON text>"}} or {@code {"kind":"failure","error":...,"cause":...}}),
 * or 204 after about a second without, or 410 once it expired; and {@code POST /expire?token=...}, which the runner
 * sends when the waiting state fails (timed out, or its function failed) or the execution ends.
 */
public final class StepFunctionsRecorder implements AutoCloseable {

    public static final String REGION = "us-east-1";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** SendTaskSuccess's and SendTaskFailure's limits (Step Functions API reference). */
    private static final int MAX_TOKEN_LENGTH = 2048;
    private static final int MAX_OUTPUT_BYTES = 262_144;
    private static final int MAX_ERROR_LENGTH = 256;
    private static final int MAX_CAUSE_LENGTH = 32_768;
    private static final Duration LONG_POLL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How Step Functions is unavailable: throttling (HTTP 400, which the SDK retries) or a fault of its own (500). */
    public enum Unavailable {
        THROTTLING(400, "ThrottlingException", "Rate exceeded"),
        INTERNAL_FAILURE(500, "InternalFailure", "The request processing has failed because of an unknown error.");

        private final int status;
        private final String type;
        private final String message;

        Unavailable(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    /**
     * One call of the API, as received, and the HTTP status it was answered with.
     *
     * @param operation {@code SendTaskSuccess} or {@code SendTaskFailure} (or whatever else the target named)
     * @param output the output as JSON text (SendTaskSuccess), else null
     * @param error the error (SendTaskFailure; null when not given or for SendTaskSuccess)
     * @param cause the cause (SendTaskFailure; null when not given or for SendTaskSuccess)
     */
    public record Call(String operation, String token, String output, String error, String cause, Instant at, int status) {
    }

    /** What completed a token: the first call for it that was answered 200. */
    public record Completion(String token, String output, String error, String cause, Instant at) {
        public boolean succeeded() {
            return output != null;
        }
    }

    /** A token's state: completed, or closed without (expired), or neither yet. */
    private record Outcome(Completion completion) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SfnClient client;
    private final Map<String, CompletableFuture<Outcome>> tokens = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<Unavailable> unavailable = new AtomicReference<>();
    private final AtomicInteger completionPolls = new AtomicInteger();

    private StepFunctionsRecorder(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
        AwsBasicCredentials credentials = AwsBasicCredentials.create("test-access-key", "test-secret-key");
        this.client = SfnClient.builder().endpointOverride(URI.create(endpoint())).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Starts it on a port the system chooses, on 127.0.0.1. */
    public static StepFunctionsRecorder start() {
        try {
            return new StepFunctionsRecorder(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("the Step Functions recorder cannot listen", e);
        }
    }

    /** Where the API is: {@code http://127.0.0.1:<port>}; also the runner's {@code statesUrl}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The callback function's setting that points it here, as an environment variable. */
    public Map<String, String> environment() {
        return Map.of("VEO_CALLBACK_STATES_ENDPOINT", endpoint());
    }

    /** A client of the tests' own pointed here (static credentials), as a function's would be; closed with this. */
    public SfnClient client() {
        return client;
    }

    /** Every call received, in the order received. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** What completed the token, if a call has. */
    public Optional<Completion> completion(String token) {
        CompletableFuture<Outcome> outcome = tokens.get(token);
        return outcome == null ? Optional.empty() : Optional.ofNullable(outcome.getNow(new Outcome(null)).completion());
    }

    /** How many completion polls the runner has made so far; they stop when its execution ends. */
    public int completionPolls() {
        return completionPolls.get();
    }

    /** Closes the token as Step Functions does when its state times out: later calls for it get TaskTimedOut. */
    public void expire(String token) {
        outcome(token).complete(new Outcome(null));
    }

    /** From now on every call is answered with {@code how}'s error, and none is recorded as a completion. */
    public void unavailable(Unavailable how) {
        unavailable.set(how);
    }

    /** Ends {@link #unavailable}: calls are answered as usual again. */
    public void available() {
        unavailable.set(null);
    }

    private CompletableFuture<Outcome> outcome(String token) {
        return tokens.computeIfAbsent(token, t -> new CompletableFuture<>());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("POST".equals(method) && "/".equals(path)) {
                call(exchange);
            } else if ("GET".equals(method) && "/completion".equals(path)) {
                completionPoll(exchange);
            } else if ("POST".equals(method) && "/expire".equals(path)) {
                expire(token(exchange));
                respond(exchange, 204, null);
            } else {
                respond(exchange, 404, "{}");
            }
        } finally {
            exchange.close();
        }
    }

    private void call(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (JsonProcessingException e) {
            respondError(exchange, 400, "SerializationException", "The request body is not JSON");
            return;
        }
        String token = text(body, "taskToken");
        String output = text(body, "output");
        String error = text(body, "error");
        String cause = text(body, "cause");
        Instant at = Instant.now();
        int status = answer(exchange, operation, token, output, error, cause, at);
        calls.add(new Call(operation, token, output, error, cause, at, status));
    }

    /** Answers one call as Step Functions would; returns the HTTP status. */
    private int answer(HttpExchange exchange, String operation, String token, String output, String error, String cause,
            Instant at) throws IOException {
        Unavailable now = unavailable.get();
        if (now != null) {
            return respondError(exchange, now.status, now.type, now.message);
        }
        boolean success = "SendTaskSuccess".equals(operation);
        if (!success && !"SendTaskFailure".equals(operation)) {
            return respondError(exchange, 400, "UnknownOperationException", "Unknown operation " + operation);
        }
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return respondError(exchange, 400, "InvalidToken", "Invalid Token: 'The provided token is not valid'");
        }
        if (success && !validOutput(output)) {
            return respondError(exchange, 400, "InvalidOutput", "Invalid Output: 'The provided JSON output data is invalid'");
        }
        if (!success && (longerThan(error, MAX_ERROR_LENGTH) || longerThan(cause, MAX_CAUSE_LENGTH))) {
            return respondError(exchange, 400, "ValidationException", "error or cause is longer than allowed");
        }
        Completion completion = success ? new Completion(token, output, null, null, at)
                : new Completion(token, null, error, cause, at);
        if (!outcome(token).complete(new Outcome(completion))) {
            return respondError(exchange, 400, "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
        }
        respond(exchange, 200, "{}");
        return 200;
    }

    private void completionPoll(HttpExchange exchange) throws IOException {
        completionPolls.incrementAndGet();
        String token = token(exchange);
        Outcome outcome;
        try {
            outcome = outcome(token).get(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            respond(exchange, 204, null);
            return;
        } catch (InterruptedException e) {
            // Closing: the runner's poll ends with its connection.
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        Completion completion = outcome.completion();
        if (completion == null) {
            // Expired: nothing will complete it.
            respond(exchange, 410, null);
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        if (completion.succeeded()) {
            answer.put("kind", "success").put("output", completion.output());
        } else {
            answer.put("kind", "failure").put("error", completion.error()).put("cause", completion.cause());
        }
        respond(exchange, 200, JSON.writeValueAsString(answer));
    }

    private static String token(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("token=")) {
                    return URLDecoder.decode(parameter.substring("token=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean longerThan(String text, int limit) {
        return text != null && text.length() > limit;
    }

    private static boolean validOutput(String output) {
        return output != null && output.getBytes(StandardCharsets.UTF_8).length <= MAX_OUTPUT_BYTES && isJson(output);
    }

    private static boolean isJson(String text) {
        try {
            return !JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text).isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static int respondError(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, JSON.writeValueAsString(JSON.createObjectNode().put("__type", type).put("message", message)));
        return status;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
