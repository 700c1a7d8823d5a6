package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.veostatus.status.AwsEvent.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

import io.veostatus.status.LambdaInvocationTest;

/**
 * HTTP requests as Lambda events from every supported source (docs/api.md, "HTTP"), each
 * derived from AWS's sample event of that source. Every answer is checked for the shape its source
 * expects, not only for its body.
 */
@QuarkusTest
class HttpEventsTest extends LambdaInvocationTest {

    private static final String SUCCESS_ID = "veo_task_abcdef123456";
    private static final String GENERATING_ID = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
    private static final String UNKNOWN_ID = "0000ffff0000ffff0000ffff0000ffff";

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void succeededTask(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        JsonNode answer = send(source, taskPath(source, "GET", "/tasks/" + SUCCESS_ID, SUCCESS_ID));

        assertAnswer(source, answer, 200, "application/json");
        JsonNode status = body(answer);
        assertEquals("SUCCEEDED", status.get("status").asText());
        assertEquals("http://example.com/video1.mp4", status.get("videoUrls").get(0).asText());
        assertNull(header(answer, "Retry-After"), "no Retry-After once done");
        assertEquals(1, callsFor(SUCCESS_ID));
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void generatingTaskTellsWhenToAskAgain(AwsEvent source) {
        answerExample(GENERATING_ID, "generating.json");
        JsonNode answer = send(source, source.request("GET", "/tasks", Map.of("taskId", GENERATING_ID)));

        assertAnswer(source, answer, 200, "application/json");
        assertEquals("GENERATING", body(answer).get("status").asText());
        // generating.json's task is a year old: the long tail, where the wait is at its cap of 90 s.
        assertEquals("90", header(answer, "Retry-After"));
        assertEquals("no-store", header(answer, "Cache-Control"));
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void unknownTaskIs404Problem(AwsEvent source) {
        answerExample(UNKNOWN_ID, "not-found-422.json");
        JsonNode answer = send(source, source.request("GET", "/", Map.of("taskId", UNKNOWN_ID)));

        assertAnswer(source, answer, 404, "application/problem+json");
        JsonNode problem = body(answer);
        assertEquals("urn:veo-status:problem:task-not-found", problem.get("type").asText());
        assertEquals("Task not found", problem.get("title").asText());
        assertEquals(404, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("record is null"));
        assertEquals(UNKNOWN_ID, problem.get("taskId").asText());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void invalidTaskIdIs400WithoutAnUpstreamCall(AwsEvent source) {
        JsonNode answer = send(source, source.request("GET", "/tasks", Map.of("taskId", "a&taskId=b")));

        assertAnswer(source, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-task-id", body(answer).get("type").asText());
        assertFalse(body(answer).has("taskId"), "an invalid id is not echoed");
        assertEquals(0, allRecordInfoCalls());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void upstreamDownIs503WithRetryAfter(AwsEvent source) {
        answerExample(GENERATING_ID, "maintenance.json");
        JsonNode answer = send(source, source.request("GET", "/tasks", Map.of("taskId", GENERATING_ID)));

        assertAnswer(source, answer, 503, "application/problem+json");
        assertEquals("urn:veo-status:problem:upstream-unavailable", body(answer).get("type").asText());
        assertEquals("30", header(answer, "Retry-After"));
        assertEquals(3, callsFor(GENERATING_ID), "retried inside the function first");
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void base64Body(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        ObjectNode event = source.withBody(source.request("POST", "/tasks", Map.of()),
                "{\"taskId\":\"" + SUCCESS_ID + "\"}", true);
        JsonNode answer = send(source, event);

        assertAnswer(source, answer, 200, "application/json");
        assertEquals(SUCCESS_ID, body(answer).get("taskId").asText());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void pathWinsOverQueryWhichWinsOverBody(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        answerExample(GENERATING_ID, "generating.json");
        answerExample(UNKNOWN_ID, "not-found-data-null.json");

        // Path over query, behind a stage prefix.
        ObjectNode byPath = taskPath(source, "GET", "/prod/tasks/" + SUCCESS_ID, SUCCESS_ID);
        overrideQuery(source, byPath, GENERATING_ID);
        assertEquals(SUCCESS_ID, body(send(source, byPath)).get("taskId").asText());

        // Query over body.
        ObjectNode byQuery = source.withBody(source.request("POST", "/tasks", Map.of("taskId", GENERATING_ID)),
                "{\"taskId\":\"" + UNKNOWN_ID + "\"}", false);
        assertEquals(GENERATING_ID, body(send(source, byQuery)).get("taskId").asText());

        // The body when it is the only place.
        ObjectNode byBody = source.withBody(source.request("POST", "/prod/tasks", Map.of()),
                "{\"taskId\":\"" + SUCCESS_ID + "\"}", false);
        assertEquals(SUCCESS_ID, body(send(source, byBody)).get("taskId").asText());

        assertEquals(2, callsFor(SUCCESS_ID));
        assertEquals(1, callsFor(GENERATING_ID));
        assertEquals(0, callsFor(UNKNOWN_ID), "the body's id never wins over the query's");
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void headIsAnsweredLikeGetWithoutABody(AwsEvent source) {
        answerExample(GENERATING_ID, "generating.json");
        JsonNode answer = send(source, taskPath(source, "HEAD", "/tasks/" + GENERATING_ID, GENERATING_ID));

        assertAnswer(source, answer, 200, "application/json");
        assertEquals("", answer.get("body").asText());
        // generating.json's task is a year old: the long tail, where the wait is at its cap of 90 s.
        assertEquals("90", header(answer, "Retry-After"));
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void wrongMethodIs405WithAllow(AwsEvent source) {
        JsonNode onTask = send(source, taskPath(source, "DELETE", "/tasks/" + SUCCESS_ID, SUCCESS_ID));
        assertAnswer(source, onTask, 405, "application/problem+json");
        assertEquals("GET, HEAD", header(onTask, "Allow"));

        JsonNode onRoot = send(source, source.request("POST", "/", Map.of()));
        assertAnswer(source, onRoot, 405, "application/problem+json");
        assertEquals("GET, HEAD", header(onRoot, "Allow"));

        JsonNode onTasks = send(source, source.request("PUT", "/tasks", Map.of()));
        assertEquals("GET, HEAD, POST", header(onTasks, "Allow"));
        assertEquals(0, allRecordInfoCalls());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void unknownPathIs404(AwsEvent source) {
        JsonNode answer = send(source, source.request("GET", "/videos/" + SUCCESS_ID, Map.of()));
        assertAnswer(source, answer, 404, "application/problem+json");
        assertEquals("urn:veo-status:problem:route-not-found", body(answer).get("type").asText());

        JsonNode tooDeep = send(source, source.request("GET", "/tasks/" + SUCCESS_ID + "/extra", Map.of()));
        assertAnswer(source, tooDeep, 404, "application/problem+json");
        assertEquals(0, allRecordInfoCalls());
    }

    @ParameterizedTest
    @EnumSource(value = AwsEvent.class, names = { "REST_API", "HTTP_API", "ALB_MULTI_VALUE" })
    void otherOutcomes(AwsEvent source) {
        answerExample(UNKNOWN_ID, "unauthorized.json");
        JsonNode auth = send(source, source.request("GET", "/tasks", Map.of("taskId", UNKNOWN_ID)));
        assertAnswer(source, auth, 502, "application/problem+json");
        assertEquals("urn:veo-status:problem:upstream-auth", body(auth).get("type").asText());

        answer(GENERATING_ID, aResponse().withStatus(429));
        JsonNode throttled = send(source, source.request("GET", "/tasks", Map.of("taskId", GENERATING_ID)));
        assertAnswer(source, throttled, 503, "application/problem+json");
        assertEquals("urn:veo-status:problem:upstream-throttled", body(throttled).get("type").asText());
        assertEquals("30", header(throttled, "Retry-After"));

        answer(SUCCESS_ID, aResponse().withStatus(200).withBody(example("success.json")).withFixedDelay(2_500));
        JsonNode timeout = send(source, source.request("GET", "/tasks", Map.of("taskId", SUCCESS_ID)));
        assertAnswer(source, timeout, 504, "application/problem+json");
        assertEquals("urn:veo-status:problem:upstream-timeout", body(timeout).get("type").asText());
    }

    @ParameterizedTest
    @EnumSource(value = AwsEvent.class, names = { "HTTP_API", "FUNCTION_URL", "ALB" })
    void anEncodedSlashInTheIdIsAnInvalidIdNotAnotherRoute(AwsEvent source) {
        JsonNode answer = send(source, source.request("GET", "/tasks/a%2Fb", Map.of()));
        assertAnswer(source, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-task-id", body(answer).get("type").asText());

        JsonNode badEscape = send(source, source.request("GET", "/tasks/a%zz", Map.of()));
        assertAnswer(source, badEscape, 400, "application/problem+json");
        assertEquals(0, allRecordInfoCalls());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void aRepeatedTaskIdInTheQueryIs400WithoutAnUpstreamCall(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        answerExample(GENERATING_ID, "generating.json");
        JsonNode answer = send(source, source.withRepeatedQuery(source.request("GET", "/tasks", Map.of()), "taskId",
                SUCCESS_ID, GENERATING_ID));

        assertAnswer(source, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-request", body(answer).get("type").asText());
        assertTrue(body(answer).get("detail").asText().contains("taskId 2 times"), body(answer).toString());
        assertEquals(0, allRecordInfoCalls(), "neither the first nor the last one is polled");

        // The path's id still wins over the query, which then is not read at all.
        ObjectNode byPath = source.withRepeatedQuery(taskPath(source, "GET", "/tasks/" + SUCCESS_ID, SUCCESS_ID), "taskId",
                GENERATING_ID, UNKNOWN_ID);
        assertEquals(SUCCESS_ID, body(send(source, byPath)).get("taskId").asText());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void aPostBodyThatGivesAKeyTwiceIs400WithoutAnUpstreamCall(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        answerExample(GENERATING_ID, "generating.json");
        ObjectNode event = source.withBody(source.request("POST", "/tasks", Map.of()),
                "{\"taskId\":\"" + SUCCESS_ID + "\",\"taskId\":\"" + GENERATING_ID + "\"}", source == AwsEvent.HTTP_API);
        JsonNode answer = send(source, event);

        assertAnswer(source, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-request", body(answer).get("type").asText());
        assertTrue(body(answer).get("detail").asText().contains("\"taskId\" more than once"), body(answer).toString());
        assertEquals(0, allRecordInfoCalls());
    }

    @ParameterizedTest
    @EnumSource(AwsEvent.class)
    void anEventThatGivesAKeyTwiceIs400InItsSourcesShape(AwsEvent source) {
        answerExample(SUCCESS_ID, "success.json");
        // The envelope itself, as no API Gateway or ALB sends it: isBase64Encoded twice, the second one kept otherwise.
        String event = "{\"isBase64Encoded\":true," + taskPath(source, "GET", "/tasks/" + SUCCESS_ID, SUCCESS_ID).toString()
                .substring(1);
        JsonNode answer = read(invoke(event).statusCode(200).extract().asString());

        assertAnswer(source, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-request", body(answer).get("type").asText());
        assertTrue(body(answer).get("detail").asText().contains("\"isBase64Encoded\" more than once"), body(answer).toString());
        assertEquals(0, allRecordInfoCalls());

        poll(SUCCESS_ID).statusCode(200).body("status", Matchers.equalTo("SUCCEEDED"));
    }

    @Test
    void aRequestWithABrokenBase64BodyIs400() {
        ObjectNode event = AwsEvent.HTTP_API.request("POST", "/tasks", Map.of());
        event.put("body", "%%% not base64 %%%").put("isBase64Encoded", true);
        JsonNode answer = send(AwsEvent.HTTP_API, event);
        assertAnswer(AwsEvent.HTTP_API, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-request", body(answer).get("type").asText());
    }

    @Test
    void aPostBodyThatIsNotJsonIs400() {
        ObjectNode event = AwsEvent.REST_API.withBody(AwsEvent.REST_API.request("POST", "/tasks", Map.of()), "taskId=x", false);
        JsonNode answer = send(AwsEvent.REST_API, event);
        assertAnswer(AwsEvent.REST_API, answer, 400, "application/problem+json");
        assertEquals("urn:veo-status:problem:invalid-request", body(answer).get("type").asText());
    }

    @Test
    void withoutCorsSettingsNoCorsHeadersAreSent() {
        answerExample(SUCCESS_ID, "success.json");
        ObjectNode event = AwsEvent.HTTP_API.withHeader(
                AwsEvent.HTTP_API.request("GET", "/tasks/" + SUCCESS_ID, Map.of()), "Origin", "https://app.example.com");
        JsonNode answer = send(AwsEvent.HTTP_API, event);
        assertNull(header(answer, "Access-Control-Allow-Origin"));

        ObjectNode preflight = AwsEvent.HTTP_API.withHeader(AwsEvent.HTTP_API.withHeader(
                AwsEvent.HTTP_API.request("OPTIONS", "/tasks/" + SUCCESS_ID, Map.of()), "Origin", "https://app.example.com"),
                "Access-Control-Request-Method", "GET");
        assertEquals(405, send(AwsEvent.HTTP_API, preflight).get("statusCode").asInt());
    }

    @Test
    void webSocketEventIsRefusedAndTheNextInvocationServed() {
        invoke(AwsEvent.sample("go-apigw-websocket-request.json").toString()).statusCode(500)
                .body("errorType", Matchers.equalTo("io.veostatus.error.InvalidRequestException"))
                .body("errorMessage", Matchers.containsString("WebSocket"))
                .body("errorMessage", Matchers.containsString("HTTP API"));

        answerExample(SUCCESS_ID, "success.json");
        poll(SUCCESS_ID).statusCode(200).body("status", Matchers.equalTo("SUCCEEDED"));
        assertEquals(1, allRecordInfoCalls());
    }

    @Test
    void otherAwsEventsAreRefused() {
        invoke("{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"object\":{\"key\":\"x\"}}}]}").statusCode(500)
                .body("errorType", Matchers.equalTo("io.veostatus.error.InvalidRequestException"))
                .body("errorMessage", Matchers.containsString("not served"));
        invoke("{\"requestContext\":{\"accountId\":\"1\"}}").statusCode(500)
                .body("errorType", Matchers.equalTo("io.veostatus.error.InvalidRequestException"));
        invoke("{\"hello\":\"world\"}").statusCode(500)
                .body("errorType", Matchers.equalTo("io.veostatus.error.InvalidTaskIdException"));

        answerExample(SUCCESS_ID, "success.json");
        poll(SUCCESS_ID).statusCode(200).body("status", Matchers.equalTo("SUCCEEDED"));
        assertEquals(1, allRecordInfoCalls());
    }

    /** GET-style task path; API Gateway sources also carry the id as the {taskId} path parameter. */
    private static ObjectNode taskPath(AwsEvent source, String method, String path, String taskId) {
        ObjectNode event = source.request(method, path, Map.of());
        return source.isApiGateway() ? source.withPathParameter(event, "taskId", taskId) : event;
    }

    private static void overrideQuery(AwsEvent source, ObjectNode event, String taskId) {
        ObjectNode withQuery = source.request(event.has("httpMethod") ? event.get("httpMethod").asText() : "GET", "/",
                Map.of("taskId", taskId));
        for (String field : new String[] { "queryStringParameters", "multiValueQueryStringParameters", "rawQueryString" }) {
            if (withQuery.has(field)) {
                event.set(field, withQuery.get(field));
            }
        }
    }

    private JsonNode send(AwsEvent source, ObjectNode event) {
        return read(invoke(event.toString()).statusCode(200).extract().asString());
    }

    private static JsonNode body(JsonNode answer) {
        return read(answer.get("body").asText());
    }

    private static JsonNode read(String text) {
        try {
            return AwsEvent.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Status, content type, and exactly the top-level keys this source expects. */
    private static void assertAnswer(AwsEvent source, JsonNode answer, int status, String contentType) {
        assertEquals(status, answer.get("statusCode").asInt(), answer.toString());
        assertEquals(contentType, header(answer, "Content-Type"));
        assertFalse(answer.get("isBase64Encoded").asBoolean());
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = answer.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        Set<String> expected = switch (source) {
            case ALB -> Set.of("statusCode", "statusDescription", "headers", "body", "isBase64Encoded");
            case ALB_MULTI_VALUE -> Set.of("statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded");
            default -> Set.of("statusCode", "headers", "body", "isBase64Encoded");
        };
        assertEquals(new TreeSet<>(expected), keys, source + " answer keys");
        if (source.isAlb()) {
            assertTrue(answer.get("statusDescription").asText().startsWith(status + " "), answer.get("statusDescription").asText());
        }
        if (source == AwsEvent.ALB_MULTI_VALUE) {
            answer.get("multiValueHeaders").forEach(values -> assertTrue(values.isArray()));
        }
    }
}
