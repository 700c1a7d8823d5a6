package io.veostatus.status.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.config.HttpConfig;
import io.veostatus.error.HttpProblem;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.error.Outcome;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.JsonNesting;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.poll.PollRequest;
import io.veostatus.status.poll.PollRequestReader;
import io.veostatus.status.poll.TaskPoller;
import io.veostatus.status.poll.TaskStatus;
import io.veostatus.telemetry.Invocation;

/**
 * Serves HTTP events (docs/api.md, "HTTP"): routes the request, finds the task id (path over
 * query over body), polls, and answers every outcome as HTTP: 200 with the TaskStatus, or an RFC 9457
 * problem. An HTTP caller never gets a Lambda error, which API Gateway would turn into a bare 502. A problem's detail
 * is the outcome's message, which leaves with the API key redacted, as the whole answer does
 * ({@link io.veostatus.telemetry.InvocationTelemetry#around}).
 */
@ApplicationScoped
public class HttpFrontDoor {

    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final TaskPoller poller;
    private final ObjectMapper json;
    private final ObjectReader bodies;
    private final HttpConfig config;

    public HttpFrontDoor(TaskPoller poller, ObjectMapper json, HttpConfig config) {
        this.poller = poller;
        this.json = json;
        this.bodies = StrictJson.reader(json);
        this.config = config;
    }

    /** The response to an HTTP event; what happened is recorded in {@code invocation} for its summary. */
    public HttpResponse respond(EventShape shape, JsonNode event, Deadline deadline, Invocation invocation) {
        HttpRequest request;
        try {
            request = HttpRequest.from(shape, event);
        } catch (InvalidRequestException unreadable) {
            return problem(unreadableRequest(shape, event), unreadable, null, Map.of(), invocation);
        }
        Map<String, String> cors = corsHeaders(request);
        if ("OPTIONS".equals(request.method()) && !cors.isEmpty()
                && request.header("Access-Control-Request-Method").isPresent()) {
            invocation.outcome("Preflight", null);
            return preflight(request, cors);
        }
        Optional<HttpRoute.Match> match;
        try {
            match = HttpRoute.match(request);
        } catch (InvalidRequestException badEscape) {
            return problem(request, badEscape, null, cors, invocation);
        }
        if (match.isEmpty()) {
            String detail = "veo-status serves GET /tasks/{taskId}, GET /tasks?taskId=..., GET /?taskId=... and POST /tasks.";
            invocation.outcome("RouteNotFound", request.method() + " " + request.path() + ": " + detail);
            return problem(request, 404, "route-not-found", "No such route", detail, null, cors);
        }
        HttpRoute route = match.get().route();
        if (!route.allows(request.method())) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            headers.put("Allow", route.allowHeader());
            String detail = request.method() + " is not served here; use " + route.allowHeader() + ".";
            invocation.outcome("MethodNotAllowed", detail);
            return problem(request, 405, "method-not-allowed", "Method not allowed", detail, null, headers);
        }
        TaskId taskId = null;
        try {
            PollRequest pollRequest = pollRequest(request, match.get());
            taskId = pollRequest.taskId();
            invocation.taskId(taskId);
            TaskStatus status = poller.poll(pollRequest, deadline, invocation.upstream());
            invocation.outcome(status.status().name(), null);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            if (!status.done()) {
                headers.put("Retry-After", String.valueOf(status.poll().nextPollSeconds()));
                headers.put("Cache-Control", "no-store");
            }
            headers.putAll(cors);
            return HttpResponse.of(request, 200, headers, write(status));
        } catch (VeoStatusException outcome) {
            return problem(request, outcome, taskId, cors, invocation);
        }
    }

    /** The 400 answer to an HTTP event refused as a whole (it gives a key twice), in the shape its source expects. */
    public HttpResponse refuse(EventShape shape, JsonNode event, InvalidRequestException refusal, Invocation invocation) {
        HttpRequest request;
        try {
            request = HttpRequest.from(shape, event);
        } catch (InvalidRequestException unreadable) {
            request = unreadableRequest(shape, event);
        }
        return problem(request, refusal, null, Map.of(), invocation);
    }

    /** Without a readable request there is no method to honour HEAD with; it is answered as for GET. */
    private static HttpRequest unreadableRequest(EventShape shape, JsonNode event) {
        return new HttpRequest(shape, "GET", "/", null, Map.of(), Map.of(), Map.of(), null,
                event.path("multiValueHeaders").isObject());
    }

    private PollRequest pollRequest(HttpRequest request, HttpRoute.Match match) {
        if (match.pathTaskId() != null) {
            return PollRequest.first(TaskId.parse(match.pathTaskId()));
        }
        Optional<String> fromQuery = request.onlyQuery("taskId");
        if (fromQuery.isPresent()) {
            return PollRequest.first(TaskId.parse(fromQuery.get()));
        }
        if ("POST".equals(request.method()) && request.body() != null && !request.body().isBlank()) {
            JsonNode body;
            try {
                body = bodies.readTree(request.body());
            } catch (JsonProcessingException notJson) {
                throw new InvalidRequestException(StrictJson.duplicateKey(notJson)
                        .map(key -> "The request body gives the key " + StrictJson.quoted(key) + " more than once, so it "
                                + "is not clear which value is meant: send each key once.")
                        .orElseGet(() -> JsonNesting.tooDeep(notJson)
                                ? "The request body " + JsonNesting.tooDeepPhrase(json.getFactory()) + ": send {\"taskId\": \"...\"}."
                                : "The request body is not JSON: send {\"taskId\": \"...\"}."));
            }
            // A previous TaskStatus is a valid body, so a browser can pass its poll state back too.
            return PollRequestReader.read(body);
        }
        throw new InvalidTaskIdException("The request names no task: use /tasks/{taskId}, ?taskId=... "
                + "or POST /tasks with {\"taskId\": \"...\"}.");
    }

    private HttpResponse problem(HttpRequest request, VeoStatusException outcome, TaskId taskId, Map<String, String> cors,
            Invocation invocation) {
        invocation.outcome(outcome.outcome().metricName(), outcome.getMessage());
        // Only the keeping function, which has no HTTP edge, ends in outcomes without an HTTP answer of their own.
        HttpProblem answer = outcome.outcome().http().or(Outcome.UPSTREAM_UNAVAILABLE::http).orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>(cors);
        if (answer.retryAfter()) {
            headers.put("Retry-After", String.valueOf(config.unavailableRetryAfter().toSeconds()));
        }
        return problem(request, answer.status(), answer.type(), answer.title(), outcome.getMessage(),
                taskId == null ? null : taskId.value(), headers);
    }

    private HttpResponse problem(HttpRequest request, int status, String type, String title, String detail, String taskId,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", PROBLEM_JSON);
        headers.put("Cache-Control", "no-store");
        headers.putAll(extraHeaders);
        return HttpResponse.of(request, status, headers,
                write(new Problem(Problem.TYPE_PREFIX + type, title, status, detail, taskId)));
    }

    private HttpResponse preflight(HttpRequest request, Map<String, String> cors) {
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.put("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
        headers.put("Access-Control-Allow-Headers", request.header("Access-Control-Request-Headers")
                .orElse("content-type, authorization"));
        headers.put("Access-Control-Max-Age", String.valueOf(config.cors().maxAge().toSeconds()));
        return HttpResponse.of(request, 204, headers, "");
    }

    /** The CORS headers for this request's origin, or none when CORS is off or the origin is not allowed. */
    private Map<String, String> corsHeaders(HttpRequest request) {
        List<String> allowed = config.cors().allowedOrigins().orElse(List.of());
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

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
    }
}
