package io.veostatus.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.HttpConfig;
import io.veostatus.config.PollConfig;
import io.veostatus.config.TelemetryConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.InvalidTaskIdException;
import io.veostatus.kernel.Deadline;
import io.veostatus.lambda.EventReader;
import io.veostatus.lambda.InvocationSkeleton;
import io.veostatus.status.http.HttpFrontDoor;
import io.veostatus.status.poll.PollRequest;
import io.veostatus.taskstatus.PollState;
import io.veostatus.status.poll.TaskPoller;
import io.veostatus.taskstatus.TaskState;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.SummaryLine;
import io.veostatus.telemetry.InvocationTelemetry;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.testing.ForAll;

/**
 * The handler over generated events, with a recording poller in place of the upstream: direct and Step
 * Functions events, and HTTP events of every source (derived from AWS's sample events) whose task id sits
 * in the path, the query or the body, encoded or not, valid or hostile. Whatever the event, no invalid
 * task id reaches the poller (and so the Veo API), and the handler answers with a result, an HTTP response,
 * or one of the two input errors; the next event is served.
 */
class EventPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String ANY = "(any)";
    private static final String GOOD = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
    /** A key of a JSON text, where another can be put before it in the same object. */
    private static final Pattern KEY = Pattern.compile("\"([^\"\\\\]*)\":");
    private static final Map<String, JsonNode> SAMPLES = Map.of(
            "REST_API", sample("go-apigw-request.json"),
            "HTTP_API", sample("go-apigw-v2-request-no-authorizer.json"),
            "FUNCTION_URL", sample("go-lambda-urls-request.json"),
            "ALB", sample("go-alb-lambda-target-request-headers-only.json"));

    /**
     * An event, and the task id it carries as docs/api.md says it is read (decoded): null when it carries
     * none, {@link #ANY} when the raw path may be read more ways than one (then only validity is checked).
     */
    record Event(String json, String carriedId) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** Stands in for the poller: records what reached it and answers GENERATING. */
    static final class RecordingPoller extends TaskPoller {

        final List<PollRequest> received = new ArrayList<>();

        RecordingPoller() {
            super(null, ConfigDefaults.of(PollConfig.class));
        }

        @Override
        public TaskStatus poll(PollRequest request, Deadline deadline, UpstreamUsage usage) {
            received.add(request);
            return new TaskStatus(request.taskId().value(), TaskState.GENERATING, 0, null, null, null, null, false, null,
                    null, null, null, new PollState(1, null, 0, 15, 1200, null));
        }
    }

    private static final TelemetryConfig METRICS_OFF = ConfigDefaults.of(TelemetryConfig.class,
            Map.of("veo.telemetry.metrics.enabled", "false"));
    /** Thousands of refused events would each write their one INFO line; the properties need none of them. */
    private static final java.util.logging.Logger FUNCTION_LOG = java.util.logging.Logger.getLogger("io.veostatus");

    private final RecordingPoller poller = new RecordingPoller();
    private final VeoStatusHandler handler = new VeoStatusHandler(poller,
            new HttpFrontDoor(poller, JSON, ConfigDefaults.of(HttpConfig.class)),
            new InvocationSkeleton(new InvocationTelemetry(new SummaryLine(new EmfMetrics(METRICS_OFF), METRICS_OFF, JSON,
                    text -> text, false),
                    new ApiKeyProvider(ConfigDefaults.of(VeoApiConfig.class, Map.of("veo.api.key", "k-events")), null), JSON),
                    new EventReader(JSON)));

    @BeforeAll
    static void quiet() {
        FUNCTION_LOG.setLevel(Level.WARNING);
    }

    @AfterAll
    static void loud() {
        FUNCTION_LOG.setLevel(null);
    }

    @Test
    void noInvalidTaskIdReachesThePoller() {
        ForAll.check("no invalid task id reaches the poller; a carried valid id arrives exactly", 20261129L, 4000,
                EventPropertiesTest::event, event -> {
                    poller.received.clear();
                    String verdict = invoke(event.json());
                    for (PollRequest request : poller.received) {
                        String polled = request.taskId().value();
                        assertTrue(VALID.matcher(polled).matches(), "polled " + polled);
                        if (event.carriedId() != ANY) {
                            assertEquals(event.carriedId() == null ? null : event.carriedId().strip(), polled);
                        }
                    }
                    assertTrue(poller.received.size() <= 1, "one poll per event at most");
                    return verdict + (poller.received.isEmpty() ? ", not polled" : ", polled");
                });
    }

    @Test
    void theNextEventIsServedWhateverCameBefore() {
        ForAll.check("after any event, a good one is polled", 1129L, 1500, EventPropertiesTest::event, event -> {
            invoke(event.json());
            poller.received.clear();
            invoke("{\"taskId\":\"" + GOOD + "\"}");
            assertEquals(1, poller.received.size());
            assertEquals(GOOD, poller.received.get(0).taskId().value());
            return "served";
        });
    }

    @Test
    void anAmbiguousEventIsRefusedAndNeverPolled() {
        ForAll.check("a key given twice at any depth, or taskId twice in the query: refused, never polled", 20261202L, 1500,
                EventPropertiesTest::ambiguous, event -> {
                    poller.received.clear();
                    String verdict = invoke(event.json());
                    assertTrue(poller.received.isEmpty(), "polled " + poller.received);
                    assertTrue(verdict.equals("InvalidRequestException") || verdict.equals("HTTP 400"), verdict);
                    return verdict;
                });
    }

    /** @return how the handler ended: a result, an HTTP status, or the input error it threw */
    private String invoke(String event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                    new FixedDeadlineContext(10_000));
        } catch (InvalidTaskIdException | InvalidRequestException refused) {
            return refused.getClass().getSimpleName();
        } catch (IOException | RuntimeException other) {
            return fail("not an input error: " + other, other);
        }
        JsonNode result = read(output.toString(StandardCharsets.UTF_8));
        if (result.has("statusCode")) {
            int status = result.get("statusCode").asInt();
            assertTrue(List.of(200, 204, 400, 404, 405).contains(status), "HTTP " + status);
            return "HTTP " + status;
        }
        assertTrue(result.has("status"), "a TaskStatus");
        return "TaskStatus";
    }

    // ---- generators ----

    static Event event(SplittableRandom random) {
        String id = taskId(random);
        return switch (random.nextInt(10)) {
            case 0, 1 -> new Event(direct(random, id), id);
            case 2 -> new Event(JSON.valueToTree(id).toString(), id);
            case 3 -> new Event(pick(random, "42", "[\"" + GOOD + "\"]", "null", "true", "{}", "{\"taskId\":7}",
                    "not json", "", "{\"Records\":[]}", "{\"requestContext\":{\"connectionId\":\"x\"}}"), null);
            default -> http(random, id);
        };
    }

    /**
     * An event that can be read more ways than one: one of its keys, at any depth of the event (a direct event, an HTTP
     * event's envelope), given again before itself; a POST body that gives taskId twice; or taskId twice in the query.
     */
    static Event ambiguous(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0 -> {
                String event;
                List<MatchResult> keys;
                do {
                    event = event(random).json();
                    keys = KEY.matcher(event).results().toList();
                } while (keys.isEmpty());
                MatchResult key = keys.get(random.nextInt(keys.size()));
                return new Event(event.substring(0, key.start()) + "\"" + key.group(1) + "\":"
                        + pick(random, "\"" + GOOD + "\"", "1", "null", "{}", "[]") + "," + event.substring(key.start()), null);
            }
            case 1 -> {
                ObjectNode event = SAMPLES.get(pick(random, "REST_API", "HTTP_API", "FUNCTION_URL", "ALB")).deepCopy();
                String path = pick(random, "/tasks", "/prod/tasks");
                event.put("path", path).put("httpMethod", "POST").put("rawPath", path).put("rawQueryString", "");
                event.remove(List.of("queryStringParameters", "multiValueQueryStringParameters"));
                if (event.path("requestContext").path("http").isObject()) {
                    ((ObjectNode) event.path("requestContext").path("http")).put("method", "POST").put("path", path);
                }
                event.put("body", "{\"taskId\":\"" + hex(random, 32) + "\",\"taskId\":\"" + GOOD + "\"}");
                event.put("isBase64Encoded", false);
                return new Event(event.toString(), null);
            }
            default -> {
                String source = pick(random, "REST_API", "HTTP_API", "FUNCTION_URL", "ALB");
                ObjectNode event = SAMPLES.get(source).deepCopy();
                String path = pick(random, "/tasks", "/");
                String first = hex(random, 32);
                event.put("path", path).put("httpMethod", "GET").put("rawPath", path);
                if (event.path("requestContext").path("http").isObject()) {
                    ((ObjectNode) event.path("requestContext").path("http")).put("method", "GET").put("path", path);
                }
                switch (source) {
                    case "REST_API" -> {
                        event.putObject("queryStringParameters").put("taskId", GOOD);
                        event.putObject("multiValueQueryStringParameters").putArray("taskId").add(first).add(GOOD);
                    }
                    // An ALB passes the keys as the client encoded them: two spellings of one name.
                    case "ALB" -> event.putObject("queryStringParameters").put("taskId", first).put("task%49d", GOOD);
                    default -> {
                        event.put("rawQueryString", "taskId=" + first + "&taskId=" + GOOD);
                        event.putObject("queryStringParameters").put("taskId", first + "," + GOOD);
                    }
                }
                return new Event(event.toString(), null);
            }
        }
    }

    private static String direct(SplittableRandom random, String id) {
        ObjectNode event = JSON.createObjectNode().put("taskId", id);
        if (random.nextInt(3) == 0) {
            event.putObject("poll").put("attempt", random.nextInt(5)).put("firstPolledAt", "2026-11-29T09:00:00Z");
        }
        return event.toString();
    }

    /** An HTTP event of a random source with the id in the path, the query or a JSON body. */
    private static Event http(SplittableRandom random, String id) {
        String source = pick(random, "REST_API", "HTTP_API", "FUNCTION_URL", "ALB");
        ObjectNode event = SAMPLES.get(source).deepCopy();
        boolean v2 = source.equals("HTTP_API") || source.equals("FUNCTION_URL");
        String stage = random.nextBoolean() ? "" : "/prod";
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        String method = random.nextInt(8) == 0 ? pick(random, "PUT", "DELETE", "OPTIONS") : "GET";
        String path;
        Map<String, String> query = Map.of();
        String body = null;
        String carried;
        switch (random.nextInt(3)) {
            case 0 -> {
                boolean encode = random.nextBoolean();
                path = stage + "/tasks/" + (encode ? encoded : id);
                // A raw id with '/', '%' or '?' can change the route or decode to something else.
                carried = encode ? id : ANY;
                if (source.equals("REST_API") && random.nextBoolean()) {
                    event.putObject("pathParameters").put("taskId", id);
                    carried = id;
                }
            }
            case 1 -> {
                path = stage + pick(random, "/tasks", "/");
                query = Map.of("taskId", id);
                carried = id;
            }
            default -> {
                path = stage + "/tasks";
                method = "POST";
                body = JSON.createObjectNode().put("taskId", id).toString();
                carried = id;
            }
        }
        if (v2) {
            event.put("rawPath", path);
            event.put("rawQueryString", query.isEmpty() ? "" : "taskId=" + encoded);
            ((ObjectNode) event.path("requestContext").path("http")).put("method", method).put("path", path);
        } else {
            event.put("path", path);
            event.put("httpMethod", method);
            if (!query.isEmpty()) {
                // An ALB passes the query as the client encoded it; API Gateway decodes it.
                event.putObject("queryStringParameters").put("taskId", source.equals("ALB") ? encoded : id);
            }
        }
        if (body != null) {
            boolean base64 = random.nextBoolean();
            event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
            event.put("isBase64Encoded", base64);
        }
        return new Event(event.toString(), carried);
    }

    private static String taskId(SplittableRandom random) {
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> hex(random, 32);
            case 3 -> "veo_task_" + hex(random, 12);
            case 4 -> "  " + hex(random, 32) + "\n";
            case 5 -> "";
            case 6 -> "   ";
            case 7 -> "a".repeat(128 + random.nextInt(2));
            case 8 -> pick(random, "../etc", "a/b", "a%2Fb", "a&taskId=b", "x?y=1", "a#b", "a b", "%zz", "..", ".");
            case 9 -> pick(random, "tâche", "視頻", "🎬", "a\u0000b", "a\tb", "null", "NULL");
            case 10 -> pick(random, "http://evil.example/", "//evil.example", "@evil.example", "a;b", "a'b\"c", "<script>");
            default -> {
                StringBuilder any = new StringBuilder();
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    any.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x20, 0x7f) : random.nextInt(0x20, 0x3000)));
                }
                yield any.toString();
            }
        };
    }

    private static String hex(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return text.toString();
    }

    private static String pick(SplittableRandom random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sample(String file) {
        try (InputStream in = EventPropertiesTest.class.getClassLoader().getResourceAsStream("events/" + file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
