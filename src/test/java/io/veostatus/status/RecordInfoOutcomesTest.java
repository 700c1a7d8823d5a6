package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every upstream outcome of the "Errors" table of docs/api.md, end to end: event in through the Lambda mock event
 * server, record-info answered by WireMock, TaskStatus or Lambda error out.
 */
@QuarkusTest
class RecordInfoOutcomesTest extends LambdaInvocationTest {

    private static final String SUCCESS_ID = "veo_task_abcdef123456";
    private static final String GENERATING_ID = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
    private static final String FAILED_ID = "9b1d7e2c4a6f48d0b3e5c7a9d1f2e4b6";
    private static final String TASK = "0123456789abcdef0123456789abcdef";

    @Test
    void succeededTask() {
        answerExample(SUCCESS_ID, "success.json");
        poll(SUCCESS_ID).statusCode(200)
                .body("taskId", equalTo(SUCCESS_ID))
                .body("status", equalTo("SUCCEEDED"))
                .body("done", equalTo(true))
                .body("successFlag", equalTo(1))
                .body("videoUrls[0]", equalTo("http://example.com/video1.mp4"))
                .body("fullVideoUrls", hasSize(0))
                .body("originUrls[0]", equalTo("http://example.com/original1.mp4"))
                .body("resolution", equalTo("1080p"))
                .body("error", nullValue())
                .body("createdAt", equalTo("2025-06-06T10:25:00Z"))
                .body("completedAt", equalTo("2025-06-06T10:30:00Z"))
                .body("prompt", equalTo("A futuristic city with flying cars at sunset."))
                .body("poll.attempt", equalTo(1))
                .body("poll.elapsedSeconds", equalTo(0))
                .body("poll.nextPollSeconds", equalTo(0));
        assertEquals(1, callsFor(SUCCESS_ID));
        // The id reaches the upstream as the one query parameter, with the key as a bearer token.
        wiremock.verifyThat(getRequestedFor(urlEqualTo(RECORD_INFO + "?taskId=" + SUCCESS_ID))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + API_KEY)));
    }

    @Test
    void generatingTaskCarriesItsPollStateIntoTheNextPoll() {
        answerExample(GENERATING_ID, "generating.json");
        String first = poll(GENERATING_ID).statusCode(200)
                .body("status", equalTo("GENERATING"))
                .body("done", equalTo(false))
                .body("videoUrls", hasSize(0))
                .body("poll.attempt", equalTo(1))
                // generating.json's task was created a year ago: far in the tail, the wait is at its cap.
                .body("poll.nextPollSeconds", equalTo(90))
                .extract().asString();
        String firstPolledAt = io.restassured.path.json.JsonPath.from(first).getString("poll.firstPolledAt");

        // The state machine passes the whole previous output back in.
        invoke(first).statusCode(200)
                .body("status", equalTo("GENERATING"))
                .body("poll.attempt", equalTo(2))
                .body("poll.firstPolledAt", equalTo(firstPolledAt))
                .body("poll.nextPollSeconds", equalTo(90));
        assertEquals(2, callsFor(GENERATING_ID));
    }

    @Test
    void failedTask() {
        answerExample(FAILED_ID, "failed.json");
        poll(FAILED_ID).statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("done", equalTo(true))
                .body("error.code", equalTo("500"))
                .body("error.message", equalTo("Video generation failed, please try again"))
                .body("poll.nextPollSeconds", equalTo(0));
    }

    @Test
    void contentPolicyRejectionIsAFailedTask() {
        answerExample(TASK, "content-policy.json");
        poll(TASK).statusCode(200).body("status", equalTo("FAILED")).body("error.code", equalTo("400"));
        assertEquals(1, callsFor(TASK));
    }

    @Test
    void unknownTaskAsDataNull() {
        answerExample(TASK, "not-found-data-null.json");
        pollExpectingError(TASK, "TaskNotFoundException").body("errorMessage", containsString(TASK));
        assertEquals(1, callsFor(TASK), "not found is not retried inside the function");
    }

    @Test
    void unknownTaskAs422() {
        answerExample(TASK, "not-found-422.json");
        pollExpectingError(TASK, "TaskNotFoundException").body("errorMessage", containsString("record is null"));
        assertEquals(1, callsFor(TASK));
    }

    /** A selection of the vendor's wordings for a missing record (RecordInfoPropertiesTest has them all). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "Task does not exist", "not found", "record not found", "doesn't exist", "no such task",
            "data is null", "Temporarily supports records within 14 days" })
    void unknownTaskAs422InEveryWordingIsNotFoundNeverFailed(String msg) {
        answerJson(TASK, "{\"code\":422,\"msg\":\"" + msg + "\",\"data\":null}");
        pollExpectingError(TASK, "TaskNotFoundException").body("errorMessage", containsString(msg));
        assertEquals(1, callsFor(TASK), "not found is not retried inside the function");
    }

    @Test
    void code401InTheBody() {
        answerExample(TASK, "unauthorized.json");
        pollExpectingError(TASK, "UpstreamAuthException").body("errorMessage", containsString("VEO_API_KEY"));
        assertEquals(1, callsFor(TASK), "an auth failure is not retried");
    }

    @Test
    void http401And403() {
        answer(TASK, aResponse().withStatus(401));
        pollExpectingError(TASK, "UpstreamAuthException");
        answer(TASK, aResponse().withStatus(403).withBody("<html>Forbidden</html>"));
        pollExpectingError(TASK, "UpstreamAuthException");
        assertEquals(2, callsFor(TASK));
    }

    /** Only a 2xx reply is read: any other status is the upstream being unavailable, whatever its body says. */
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 102, 150, 204, 300, 302, 304, 307, 308, 399 })
    void aReplyThatIsNeither2xxNorAnErrorIsTheUpstreamBeingUnavailable(int status) {
        answer(SUCCESS_ID, aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Location", "http://127.0.0.1:1" + RECORD_INFO).withBody(example("success.json")));
        pollExpectingError(SUCCESS_ID, "UpstreamUnavailableException");
        assertEquals(3, callsFor(SUCCESS_ID, 3), "retried like any outage");
    }

    @Test
    void aReplyThatGivesAKeyTwiceIsNotUnderstoodEitherWay() {
        answerJson(SUCCESS_ID, example("success.json").replace("\"successFlag\":1", "\"successFlag\":1,\"successFlag\":2"));
        pollExpectingError(SUCCESS_ID, "UpstreamUnavailableException").body("errorMessage", containsString("twice"));
        answerJson(SUCCESS_ID, "{\"code\":200,\"code\":422,\"msg\":\"success\",\"data\":null}");
        pollExpectingError(SUCCESS_ID, "UpstreamUnavailableException").body("errorMessage", containsString("twice"));
        assertEquals(6, callsFor(SUCCESS_ID), "both are retried: 3 + 3 attempts");
    }

    @Test
    void code429InTheBodyIsRetriedThenThrottled() {
        answerJson(TASK, "{\"code\":429,\"msg\":\"Too many requests\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamThrottledException");
        assertEquals(3, callsFor(TASK), "1 attempt + 2 retries");
    }

    @Test
    void http429() {
        answer(TASK, aResponse().withStatus(429).withHeader("Retry-After", "5"));
        pollExpectingError(TASK, "UpstreamThrottledException");
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void maintenance455() {
        answerExample(TASK, "maintenance.json");
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("455"));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void http500ThenSuccessRecoversByRetry() {
        wiremock.register(recordInfo(SUCCESS_ID).inScenario("recovers").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("Internal Server Error")).willSetStateTo("up"));
        wiremock.register(recordInfo(SUCCESS_ID).inScenario("recovers").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(example("success.json"))));
        poll(SUCCESS_ID).statusCode(200).body("status", equalTo("SUCCEEDED"));
        assertEquals(2, callsFor(SUCCESS_ID));
    }

    @Test
    void persistentHttp500() {
        answer(TASK, aResponse().withStatus(500).withBody("Internal Server Error"));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("HTTP 500"));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void code500InTheBody() {
        answerJson(TASK, "{\"code\":500,\"msg\":\"Internal Error, Please try again later.\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamUnavailableException");
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void slowAnswerPastTheAttemptTimeout() {
        answer(TASK, aResponse().withStatus(200).withBody(example("generating.json")).withFixedDelay(2_500));
        timesOutOnEveryAttempt();
    }

    @Test
    void bodyThatTricklesPastTheAttemptTimeout() {
        // The headers come at once; the body takes 3 s. The attempt timeout covers the body too.
        answer(TASK, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(example("generating.json")).withChunkedDribbleDelay(10, 3_000));
        timesOutOnEveryAttempt();
    }

    /**
     * Three attempts, each cut by the attempt timeout (1 s, the test setting), not by the upstream's
     * delay: an attempt that waited for it would succeed. The message names the timeout that cut the last
     * one; a wall-clock bound here would measure the machine's load, not the function.
     */
    private void timesOutOnEveryAttempt() {
        pollExpectingError(TASK, "UpstreamUnavailableException")
                .body("errorMessage", containsString("did not reply within 1000 ms"));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void connectionReset() {
        answer(TASK, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("could not be reached"));
        assertEquals(3, callsFor(TASK));
    }

    @Test
    void malformedJsonBody() {
        answerJson(TASK, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":");
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("not a record-info reply"));
        answer(TASK, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        pollExpectingError(TASK, "UpstreamUnavailableException");
        assertEquals(6, callsFor(TASK), "both are retried: 3 + 3 attempts");
    }

    @Test
    void wrongFieldTypeIsMalformed() {
        answerJson(TASK, "{\"code\":200,\"msg\":\"success\",\"data\":\"pending\"}");
        pollExpectingError(TASK, "UpstreamUnavailableException");
    }

    @Test
    void htmlErrorPage() {
        answer(TASK, aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("HTML"));
        answer(TASK, aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Bad Gateway</body></html>"));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("HTTP 502"));
        assertEquals(6, callsFor(TASK), "both are retried: 3 + 3 attempts");
    }

    @Test
    void emptyBody() {
        answer(TASK, aResponse().withStatus(200).withHeader("Content-Type", "application/json"));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("empty body"));
        answer(TASK, aResponse().withFault(Fault.EMPTY_RESPONSE));
        pollExpectingError(TASK, "UpstreamUnavailableException");
        assertEquals(6, callsFor(TASK), "both are retried: 3 + 3 attempts");
    }

    @Test
    void oversizedBody() {
        String padding = "x".repeat(70_000);
        answerJson(TASK, "{\"code\":200,\"msg\":\"" + padding + "\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("larger than 65536 bytes"))
                .body("errorMessage", not(containsString("xxxx")));
    }

    @Test
    void unknownSuccessFlagIsNeverReportedAsAStatus() {
        answerJson(TASK, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + TASK + "\",\"successFlag\":9}}");
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("successFlag 9"));
    }

    @Test
    void circuitBreakerFailsFastWhileTheUpstreamIsDown() {
        answer(TASK, aResponse().withStatus(503));
        pollExpectingError(TASK, "UpstreamUnavailableException");
        pollExpectingError(TASK, "UpstreamUnavailableException");
        pollExpectingError(TASK, "UpstreamUnavailableException");
        // 3 + 3 attempts, then the window of 8 is full of failures after 2 more and the breaker opens.
        int callsWhileClosed = callsFor(TASK);
        assertEquals(8, callsWhileClosed);

        // Open now: the next polls fail at once, without calling the upstream.
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", containsString("not being called"));
        pollExpectingError(SUCCESS_ID, "UpstreamUnavailableException");
        assertEquals(callsWhileClosed, allRecordInfoCalls());
    }

    @Test
    void pastItsWaitBudgetATaskIsTimedOutWithoutAnUpstreamCall() {
        String firstPolledAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        invoke("{\"taskId\":\"" + GENERATING_ID + "\",\"maxWaitSeconds\":3600,"
                + "\"poll\":{\"attempt\":41,\"firstPolledAt\":\"" + firstPolledAt + "\"}}")
                .statusCode(200)
                .body("status", equalTo("TIMED_OUT"))
                .body("done", equalTo(true))
                .body("error.code", equalTo("TIMED_OUT"))
                .body("error.message", containsString("maxWaitSeconds 3600"))
                .body("poll.attempt", equalTo(42))
                .body("poll.firstPolledAt", equalTo(firstPolledAt))
                .body("poll.nextPollSeconds", equalTo(0));
        assertEquals(0, allRecordInfoCalls());
    }

    @Test
    void theCallersBudgetTravelsWithTheAnswer() {
        answerExample(GENERATING_ID, "generating.json");
        String first = invoke("{\"taskId\":\"" + GENERATING_ID + "\",\"maxWaitSeconds\":60}").statusCode(200)
                .body("poll.maxWaitSeconds", equalTo(60))
                .extract().asString();
        // Passed back without maxWaitSeconds of its own, two minutes later: the budget of 60 s still applies.
        String twoMinutesAgo = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String later = first.replaceAll("\"firstPolledAt\":\"[^\"]+\"", "\"firstPolledAt\":\"" + twoMinutesAgo + "\"");
        invoke(later).statusCode(200)
                .body("status", equalTo("TIMED_OUT"))
                .body("poll.maxWaitSeconds", equalTo(60))
                .body("poll.attempt", equalTo(2));
        assertEquals(1, callsFor(GENERATING_ID));

        // Without any budget given, the configured default (20 min) applies and is carried.
        invoke("{\"taskId\":\"" + GENERATING_ID + "\"}").statusCode(200).body("poll.maxWaitSeconds", equalTo(1200));
    }

    @Test
    void aFirstPollInTheFutureIsRejected() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        invoke("{\"taskId\":\"" + GENERATING_ID + "\",\"poll\":{\"attempt\":1,\"firstPolledAt\":\"" + future + "\"}}")
                .statusCode(500).body("errorType", equalTo("io.veostatus.error.InvalidRequestException"));
        assertEquals(0, allRecordInfoCalls());
    }

    @Test
    void lastPollBeforeTheBudgetIsCutToTheBudget() {
        answerExample(GENERATING_ID, "generating.json");
        String firstPolledAt = Instant.now().minus(55, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS).toString();
        invoke("{\"taskId\":\"" + GENERATING_ID + "\",\"maxWaitSeconds\":60,"
                + "\"poll\":{\"attempt\":5,\"firstPolledAt\":\"" + firstPolledAt + "\"}}")
                .statusCode(200)
                .body("status", equalTo("GENERATING"))
                .body("poll.nextPollSeconds", org.hamcrest.Matchers.lessThanOrEqualTo(7));
    }
}
