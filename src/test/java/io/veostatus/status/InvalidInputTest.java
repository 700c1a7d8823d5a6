package io.veostatus.status;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Bad input of every kind: a clear error of the documented type, no upstream request, and the next
 * invocation served as usual.
 */
@QuarkusTest
class InvalidInputTest extends LambdaInvocationTest {

    private static final String GOOD_ID = "veo_task_abcdef123456";

    static Stream<Arguments> invalidTaskIds() {
        return Stream.of(
                Arguments.of("an object without taskId", "{\"id\":\"abc\"}"),
                Arguments.of("an empty object", "{}"),
                Arguments.of("a null taskId", "{\"taskId\":null}"),
                Arguments.of("an empty taskId", "{\"taskId\":\"\"}"),
                Arguments.of("a blank taskId", "{\"taskId\":\"   \"}"),
                Arguments.of("a blank bare string", "\" \\t \""),
                Arguments.of("129 characters", "{\"taskId\":\"" + "a".repeat(129) + "\"}"),
                Arguments.of("a query smuggled in", "{\"taskId\":\"a&taskId=b\"}"),
                Arguments.of("a path smuggled in", "{\"taskId\":\"../x\"}"),
                Arguments.of("a host smuggled in", "\"@evil.example.com/x\""),
                Arguments.of("non-ASCII letters", "{\"taskId\":\"t\u00e2che-\u4efb\u52a1\"}"),
                Arguments.of("an encoded slash", "{\"taskId\":\"a%2Fb\"}"),
                Arguments.of("a taskId that is a number", "{\"taskId\":12345}"),
                Arguments.of("a taskId that is an object", "{\"taskId\":{\"id\":\"x\"}}"),
                Arguments.of("a number", "42"),
                Arguments.of("null", "null"),
                Arguments.of("an array", "[\"" + GOOD_ID + "\"]"),
                Arguments.of("a boolean", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTaskIds")
    void invalidTaskIdIsRejectedBeforeAnyUpstreamCall(String name, String event) {
        invoke(event).statusCode(500)
                .body("errorType", equalTo("io.veostatus.error.InvalidTaskIdException"))
                .body("errorMessage", not(emptyOrNullString()));
        assertEquals(0, allRecordInfoCalls(), name + ": no upstream request");

        theNextInvocationIsServed();
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("poll that is not an object", "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":\"x\"}"),
                Arguments.of("a negative attempt", "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":-1}}"),
                Arguments.of("a fractional attempt", "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1.5}}"),
                Arguments.of("firstPolledAt that is no instant",
                        "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1,\"firstPolledAt\":\"yesterday\"}}"),
                Arguments.of("firstPolledAt centuries ago",
                        "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1,\"firstPolledAt\":\"1700-01-01T00:00:00Z\"}}"),
                Arguments.of("firstPolledAt before 2020",
                        "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1,\"firstPolledAt\":\"2019-12-31T23:59:59Z\"}}"),
                Arguments.of("firstPolledAt far in the future",
                        "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1,\"firstPolledAt\":\"+10000-01-01T00:00:00Z\"}}"),
                Arguments.of("maxWaitSeconds of 0", "{\"taskId\":\"" + GOOD_ID + "\",\"maxWaitSeconds\":0}"),
                Arguments.of("maxWaitSeconds as text", "{\"taskId\":\"" + GOOD_ID + "\",\"maxWaitSeconds\":\"10\"}"),
                Arguments.of("maxWaitSeconds over a day", "{\"taskId\":\"" + GOOD_ID + "\",\"maxWaitSeconds\":86401}"),
                Arguments.of("more polls than an execution can record",
                        "{\"taskId\":\"" + GOOD_ID + "\",\"maxWaitSeconds\":86400,\"pollIntervalSeconds\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidPollStateIsRejectedBeforeAnyUpstreamCall(String name, String event) {
        invoke(event).statusCode(500).body("errorType", equalTo("io.veostatus.error.InvalidRequestException"));
        assertEquals(0, allRecordInfoCalls(), name + ": no upstream request");

        theNextInvocationIsServed();
    }

    static Stream<Arguments> eventsThatAreNoJson() {
        return Stream.of(
                Arguments.of("an empty event", "", "io.veostatus.error.InvalidTaskIdException"),
                Arguments.of("an unquoted id", GOOD_ID, "io.veostatus.error.InvalidRequestException"),
                Arguments.of("truncated JSON", "{\"taskId\":", "io.veostatus.error.InvalidRequestException"),
                Arguments.of("JSON followed by more", "{\"taskId\":\"" + GOOD_ID + "\"} x",
                        "io.veostatus.error.InvalidRequestException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsThatAreNoJson")
    void anEventThatIsNoJsonDocumentGetsOurOwnError(String name, String event, String errorType) {
        invoke(event).statusCode(500).body("errorType", equalTo(errorType));
        assertEquals(0, allRecordInfoCalls(), name + ": no upstream request");

        theNextInvocationIsServed();
    }

    static Stream<Arguments> ambiguousEvents() {
        return Stream.of(
                Arguments.of("taskId twice", "{\"taskId\":\"" + GOOD_ID + "\",\"taskId\":\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"}",
                        "taskId"),
                Arguments.of("taskId twice with one value", "{\"taskId\":\"" + GOOD_ID + "\",\"taskId\":\"" + GOOD_ID + "\"}",
                        "taskId"),
                Arguments.of("a key twice in poll", "{\"taskId\":\"" + GOOD_ID + "\",\"poll\":{\"attempt\":1,\"attempt\":40}}",
                        "attempt"),
                Arguments.of("a key twice in an array's object", "{\"taskId\":\"" + GOOD_ID + "\",\"tags\":[{\"a\":1,\"a\":2}]}",
                        "a"),
                Arguments.of("a key twice, then broken JSON", "{\"taskId\":\"x\",\"taskId\":\"y\",", "taskId"),
                Arguments.of("a long key twice", "{\"taskId\":\"" + GOOD_ID + "\",\"" + "k".repeat(500) + "\":1,\""
                        + "k".repeat(500) + "\":2}", "k".repeat(40) + "..."),
                Arguments.of("a key of control characters twice", "{\"taskId\":\"" + GOOD_ID + "\",\"a\\nb\\u0000\":1,"
                        + "\"a\\nb\\u0000\":2}", "\"a?b?\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousEvents")
    void anEventThatGivesAKeyTwiceIsRefusedBeforeAnyUpstreamCall(String name, String event, String namedKey) {
        String message = invoke(event).statusCode(500)
                .body("errorType", equalTo("io.veostatus.error.InvalidRequestException"))
                .extract().path("errorMessage");
        assertTrue(message.contains(namedKey) && message.contains("more than once"), message);
        assertTrue(message.length() < 200, "the caller's key is not echoed unbounded: " + message);
        assertEquals(0, allRecordInfoCalls(), name + ": no upstream request");

        theNextInvocationIsServed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validShapes")
    void idsAreTrimmedAndBareStringsAccepted(String name, String event) {
        answerExample(GOOD_ID, "success.json");
        invoke(event).statusCode(200).body("taskId", equalTo(GOOD_ID)).body("status", equalTo("SUCCEEDED"));
    }

    static Stream<Arguments> validShapes() {
        return Stream.of(
                Arguments.of("a bare string", "\"" + GOOD_ID + "\""),
                Arguments.of("a bare string with white space", "\"  " + GOOD_ID + "\\n\""),
                Arguments.of("an object with white space around the id", "{\"taskId\":\" " + GOOD_ID + " \"}"),
                Arguments.of("an object with unknown fields", "{\"taskId\":\"" + GOOD_ID + "\",\"source\":\"test\"}"));
    }

    private void theNextInvocationIsServed() {
        answerExample(GOOD_ID, "success.json");
        poll(GOOD_ID).statusCode(200).body("status", equalTo("SUCCEEDED"));
        assertEquals(1, callsFor(GOOD_ID));
    }
}
