package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The API key (a distinctive value in tests) appears in no answer, error or log line of the whole
 * suite, even when the upstream echoes it back. Runs after every other test class of the profile.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeyLeakTest extends LambdaInvocationTest {

    private static final String TASK = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

    @Test
    @Order(1)
    void anUpstreamThatEchoesTheKeyIsRedacted() {
        String echoed = "Invalid key " + API_KEY + " for this account";

        answerJson(TASK, "{\"code\":401,\"msg\":\"" + echoed + "\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamAuthException")
                .body("errorMessage", not(containsString(API_KEY)))
                .body("errorMessage", containsString("[REDACTED]"));

        answerJson(TASK, "{\"code\":500,\"msg\":\"" + echoed + "\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", not(containsString(API_KEY)));

        answerJson(TASK, "{\"code\":422,\"msg\":\"record is null (" + API_KEY + ")\",\"data\":null}");
        pollExpectingError(TASK, "TaskNotFoundException").body("errorMessage", not(containsString(API_KEY)));

        answerJson(TASK, "{\"code\":400,\"msg\":\"" + echoed + "\",\"data\":null}");
        poll(TASK).statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error.message", equalTo("Invalid key [REDACTED] for this account"));

        answerJson(TASK, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + TASK + "\",\"successFlag\":2,"
                + "\"errorCode\":\"" + API_KEY + "\",\"errorMessage\":\"" + echoed + "\"}}");
        poll(TASK).statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error.code", equalTo("[REDACTED]"))
                .body(not(containsString(API_KEY)));

        answer(TASK, aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Bearer " + API_KEY + " rejected</body></html>"));
        pollExpectingError(TASK, "UpstreamUnavailableException").body("errorMessage", not(containsString(API_KEY)));

        // Echoed with a JSON escape, the key only appears once the string is decoded.
        String escapedKey = "\\u0074" + API_KEY.substring(1);
        answerJson(TASK, "{\"code\":401,\"msg\":\"Invalid key " + escapedKey + "\",\"data\":null}");
        pollExpectingError(TASK, "UpstreamAuthException").body("errorMessage", containsString("Invalid key [REDACTED]"));

        // Inside paramJson (JSON in a JSON string), an escape survives the first parse and is undone by the second.
        String paramJson = "{\\\"prompt\\\":\\\"\\\\u0074" + API_KEY.substring(1) + "\\\"}";
        answerJson(TASK, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + TASK + "\",\"successFlag\":0,"
                + "\"paramJson\":\"" + paramJson + "\"}}");
        poll(TASK).statusCode(200).body("prompt", equalTo("[REDACTED]"));

        // The key was really in use: the upstream received it on all 12 calls
        // (1 + 3 retried + 1 + 1 + 1 + 3 retried + 1 + 1).
        wiremock.verifyThat(12, getRequestedFor(urlPathEqualTo(RECORD_INFO)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + API_KEY)));
    }

    @Test
    @Order(2)
    void theKeyAppearsInNoAnswerAndNoLogLineOfTheSuite() {
        List<String> answers = SuiteRecorder.answers();
        List<String> logLines = SuiteRecorder.logLines();
        // The capture saw the suite: dozens of answers and log lines, including the redacted echoes.
        assertTrue(answers.size() >= 60, "answers captured: " + answers.size());
        assertTrue(logLines.size() >= 60, "log lines captured: " + logLines.size());
        assertTrue(logLines.stream().anyMatch(line -> line.contains("[REDACTED]")), "the echoed key was logged redacted");

        for (String answer : answers) {
            assertFalse(answer.contains(API_KEY), "an answer holds the key: " + answer);
        }
        for (String line : logLines) {
            assertFalse(line.contains(API_KEY), "a log line holds the key: " + line);
        }
    }
}
