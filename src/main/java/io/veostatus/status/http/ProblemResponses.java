package io.veostatus.status.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.config.HttpConfig;
import io.veostatus.error.HttpProblem;
import io.veostatus.error.Outcome;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.TaskId;

/**
 * The RFC 9457 problem answers (docs/api.md, "Responses and problem documents"): an outcome's as its
 * {@link Outcome#http()} says, a request no route serves as the route table says. A problem's detail is the outcome's
 * message; every problem answer has {@code Cache-Control: no-store}, and a 503 {@code Retry-After}.
 */
final class ProblemResponses {

    private static final String PROBLEM_JSON = "application/problem+json";
    /**
     * Only the keeping function, which has no HTTP edge, ends in outcomes without an HTTP answer of their own; one that
     * reached this edge would be answered as the Veo API unavailable.
     */
    private static final HttpProblem WITHOUT_ITS_OWN = Outcome.UPSTREAM_UNAVAILABLE.http().orElseThrow();

    private final ObjectMapper json;
    private final String retryAfter;

    ProblemResponses(ObjectMapper json, HttpConfig config) {
        this.json = json;
        this.retryAfter = String.valueOf(config.unavailableRetryAfter().toSeconds());
    }

    /** The answer to {@code outcome}, naming {@code taskId} when a valid one was given (else null). */
    HttpResponse outcome(HttpRequest request, VeoStatusException outcome, TaskId taskId, Map<String, String> cors) {
        HttpProblem problem = outcome.outcome().http().orElse(WITHOUT_ITS_OWN);
        return problem(request, problem, outcome.getMessage(), taskId == null ? null : taskId.value(), cors);
    }

    /** The answer to a request no route serves. */
    HttpResponse notServed(HttpRequest request, RouteTable.NotServed notServed, Map<String, String> cors) {
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.putAll(notServed.headers);
        return problem(request, notServed.problem, notServed.getMessage(), null, headers);
    }

    private HttpResponse problem(HttpRequest request, HttpProblem problem, String detail, String taskId,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", PROBLEM_JSON);
        headers.put("Cache-Control", "no-store");
        headers.putAll(extraHeaders);
        if (problem.retryAfter()) {
            headers.put("Retry-After", retryAfter);
        }
        return HttpResponse.json(request, problem.status(), headers, new Problem(Problem.TYPE_PREFIX + problem.type(),
                problem.title(), problem.status(), detail, taskId), json);
    }
}
