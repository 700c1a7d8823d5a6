package io.veostatus.status.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP routes of docs/api.md, "HTTP". Whatever stands in front of {@code /tasks} (a stage, a base
 * path) is ignored, so the same function works behind any stage or custom domain mapping.
 */
enum HttpRoute {
    /** {@code GET /tasks/{taskId}}. */
    TASK(Set.of("GET", "HEAD")),
    /** {@code GET /tasks?taskId=...} and {@code POST /tasks} with a JSON body. */
    TASKS(Set.of("GET", "HEAD", "POST")),
    /** {@code GET /?taskId=...}. */
    ROOT(Set.of("GET", "HEAD"));

    private final Set<String> methods;

    HttpRoute(Set<String> methods) {
        this.methods = methods;
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    /** The value of an {@code Allow} header, in a stable order. */
    String allowHeader() {
        return String.join(", ", Arrays.stream(new String[] { "GET", "HEAD", "POST" }).filter(methods::contains).toList());
    }

    /** A matched route and, for {@link #TASK}, the task id the path gives. */
    record Match(HttpRoute route, String pathTaskId) {
    }

    static Optional<Match> match(HttpRequest request) {
        String fromParameter = request.pathParameters().get("taskId");
        if (fromParameter != null) {
            return Optional.of(new Match(TASK, fromParameter));
        }
        List<String> segments = new ArrayList<>(Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty())
                .map(HttpRequest::decodeSegment).toList());
        int tasks = segments.indexOf("tasks");
        if (tasks >= 0) {
            List<String> rest = segments.subList(tasks + 1, segments.size());
            return switch (rest.size()) {
                case 0 -> Optional.of(new Match(TASKS, null));
                case 1 -> Optional.of(new Match(TASK, rest.get(0)));
                default -> Optional.empty();
            };
        }
        if (segments.isEmpty() || (segments.size() == 1 && segments.get(0).equals(request.stage()))) {
            return Optional.of(new Match(ROOT, null));
        }
        return Optional.empty();
    }
}
