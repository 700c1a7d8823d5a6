package io.veostatus.status.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.config.HttpConfig;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.poll.PollRequest;
import io.veostatus.status.poll.TaskPoller;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.telemetry.Invocation;

/**
 * Serves HTTP events (docs/api.md, "HTTP"): answers a CORS preflight ({@link CorsPolicy}), finds the poll the request
 * asks for ({@link RouteTable}), polls, and answers every outcome as HTTP: 200 with the TaskStatus, or an RFC 9457
 * problem ({@link ProblemResponses}). An HTTP caller never gets a Lambda error, which API Gateway would turn into a bare
 * 502. The answer leaves with the API key redacted ({@link io.veostatus.telemetry.InvocationTelemetry#around}).
 */
@ApplicationScoped
public class HttpFrontDoor {

    private final TaskPoller poller;
    private final ObjectMapper json;
    private final CorsPolicy cors;
    private final RouteTable routes;
    private final ProblemResponses problems;

    public HttpFrontDoor(TaskPoller poller, ObjectMapper json, HttpConfig config) {
        this.cors = new CorsPolicy(config.cors());
        this.routes = new RouteTable(json);
        this.problems = new ProblemResponses(json, config);
        this.poller = poller;
        this.json = json;
    }

    /** The response to an HTTP event; what happened is recorded in {@code invocation} for its summary. */
    public HttpResponse respond(EventShape shape, JsonNode event, Deadline deadline, Invocation invocation) {
        HttpRequest request;
        try {
            request = HttpRequest.from(shape, event);
        } catch (InvalidRequestException unreadable) {
            return problem(unreadableRequest(shape, event), unreadable, null, Map.of(), invocation);
        }
        Map<String, String> corsHeaders = cors.headers(request);
        Optional<HttpResponse> preflight = cors.preflight(request, corsHeaders);
        if (preflight.isPresent()) {
            invocation.outcome("Preflight", null);
            return preflight.get();
        }
        TaskId taskId = null;
        try {
            PollRequest pollRequest = routes.pollRequest(request);
            taskId = pollRequest.taskId();
            invocation.taskId(taskId);
            TaskStatus status = poller.poll(pollRequest, deadline, invocation.upstream());
            invocation.outcome(status.status().name(), null);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (!status.done()) {
                headers.put("Retry-After", String.valueOf(status.poll().nextPollSeconds()));
                headers.put("Cache-Control", "no-store");
            }
            headers.putAll(corsHeaders);
            return HttpResponse.json(request, 200, headers, status, json);
        } catch (RouteTable.NotServed notServed) {
            invocation.outcome(notServed.outcome, notServed.sentence);
            return problems.notServed(request, notServed, corsHeaders);
        } catch (VeoStatusException outcome) {
            return problem(request, outcome, taskId, corsHeaders, invocation);
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

    private HttpResponse problem(HttpRequest request, VeoStatusException outcome, TaskId taskId, Map<String, String> cors,
            Invocation invocation) {
        invocation.outcome(outcome.outcome().metricName(), outcome.getMessage());
        return problems.outcome(request, outcome, taskId, cors);
    }
}
