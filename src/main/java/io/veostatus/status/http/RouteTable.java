package io.veostatus.status.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.HttpProblem;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.kernel.JsonNesting;
import io.veostatus.kernel.StrictJson;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.poll.PollRequest;
import io.veostatus.status.poll.PollRequestReader;

/**
 * Which method and path is served by what (docs/api.md, "Routes"): every route's methods are served by a poll of the
 * task the request names, by its path, else its query, else (for a POST) its body; any other path is refused with
 * 404, any other method with 405. Whatever stands in front of {@code /tasks} (a stage, a base path) is ignored, so the
 * same function works behind any stage or custom domain mapping.
 */
final class RouteTable {

    static final HttpProblem ROUTE_NOT_FOUND = new HttpProblem(404, "route-not-found", "No such route");
    static final HttpProblem METHOD_NOT_ALLOWED = new HttpProblem(405, "method-not-allowed", "Method not allowed");
    private static final String SERVED = "veo-status serves GET /tasks/{taskId}, GET /tasks?taskId=..., GET /?taskId=... "
            + "and POST /tasks.";

    private enum Route {
        /** {@code GET /tasks/{taskId}}. */
        TASK(Set.of("GET", "HEAD")),
        /** {@code GET /tasks?taskId=...} and {@code POST /tasks} with a JSON body. */
        TASKS(Set.of("GET", "HEAD", "POST")),
        /** {@code GET /?taskId=...}. */
        ROOT(Set.of("GET", "HEAD"));

        private final Set<String> methods;

        Route(Set<String> methods) {
            this.methods = methods;
        }

        /** The value of an {@code Allow} header, in a stable order. */
        String allowHeader() {
            return String.join(", ", Arrays.stream(new String[] { "GET", "HEAD", "POST" }).filter(methods::contains).toList());
        }
    }

    /** A matched route and, for {@link Route#TASK}, the task id the path gives. */
    private record Match(Route route, String pathTaskId) {
    }

    /**
     * A request that no route serves: the problem it is answered with, the headers that go with it, and how the
     * invocation's summary names it. Like the outcomes, it is expected and captures no stack trace.
     */
    static final class NotServed extends RuntimeException {

        final HttpProblem problem;
        final String outcome;
        final String sentence;
        final Map<String, String> headers;

        private NotServed(HttpProblem problem, String outcome, String sentence, String detail, Map<String, String> headers) {
            super(detail, null, false, false);
            this.problem = problem;
            this.outcome = outcome;
            this.sentence = sentence;
            this.headers = headers;
        }
    }

    private final ObjectMapper json;
    private final ObjectReader bodies;

    RouteTable(ObjectMapper json) {
        this.json = json;
        this.bodies = StrictJson.reader(json);
    }

    /**
     * The poll {@code request} asks for.
     *
     * @throws NotServed when no route serves its method and path
     * @throws InvalidRequestException when it cannot be read (a malformed escape, a key given twice ...)
     * @throws InvalidTaskIdException when it names no valid task
     */
    PollRequest pollRequest(HttpRequest request) {
        Match match = match(request).orElseThrow(() -> new NotServed(ROUTE_NOT_FOUND, "RouteNotFound",
                request.method() + " " + request.path() + ": " + SERVED, SERVED, Map.of()));
        Route route = match.route();
        if (!route.methods.contains(request.method())) {
            String detail = request.method() + " is not served here; use " + route.allowHeader() + ".";
            throw new NotServed(METHOD_NOT_ALLOWED, "MethodNotAllowed", detail, detail, Map.of("Allow", route.allowHeader()));
        }
        if (match.pathTaskId() != null) {
            return PollRequest.first(TaskId.parse(match.pathTaskId()));
        }
        Optional<String> fromQuery = request.onlyQuery("taskId");
        if (fromQuery.isPresent()) {
            return PollRequest.first(TaskId.parse(fromQuery.get()));
        }
        if ("POST".equals(request.method()) && request.body() != null && !request.body().isBlank()) {
            // A previous TaskStatus is a valid body, so a browser can pass its poll state back too.
            return PollRequestReader.read(body(request));
        }
        throw new InvalidTaskIdException("The request names no task: use /tasks/{taskId}, ?taskId=... "
                + "or POST /tasks with {\"taskId\": \"...\"}.");
    }

    private JsonNode body(HttpRequest request) {
        try {
            return bodies.readTree(request.body());
        } catch (JsonProcessingException notJson) {
            throw new InvalidRequestException(StrictJson.duplicateKey(notJson)
                    .map(key -> "The request body gives the key " + StrictJson.quoted(key) + " more than once, so it "
                            + "is not clear which value is meant: send each key once.")
                    .orElseGet(() -> JsonNesting.tooDeep(notJson)
                            ? "The request body " + JsonNesting.tooDeepPhrase(json.getFactory()) + ": send {\"taskId\": \"...\"}."
                            : "The request body is not JSON: send {\"taskId\": \"...\"}."));
        }
    }

    private static Optional<Match> match(HttpRequest request) {
        String fromParameter = request.pathParameters().get("taskId");
        if (fromParameter != null) {
            return Optional.of(new Match(Route.TASK, fromParameter));
        }
        List<String> segments = new ArrayList<>(Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty())
                .map(HttpRequest::decodeSegment).toList());
        int tasks = segments.indexOf("tasks");
        if (tasks >= 0) {
            List<String> rest = segments.subList(tasks + 1, segments.size());
            return switch (rest.size()) {
                case 0 -> Optional.of(new Match(Route.TASKS, null));
                case 1 -> Optional.of(new Match(Route.TASK, rest.get(0)));
                default -> Optional.empty();
            };
        }
        if (segments.isEmpty() || (segments.size() == 1 && segments.get(0).equals(request.stage()))) {
            return Optional.of(new Match(Route.ROOT, null));
        }
        return Optional.empty();
    }
}
