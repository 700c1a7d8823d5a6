package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * An upstream that echoes the API key back, in its message, an error code, an HTML page, a JSON escape or JSON inside
 * a JSON string, has it redacted from every answer; ApiKeyLeakTest then finds it in no answer and no log line of the
 * suite.
 */
@QuarkusTest
class KeyEchoedByTheUpstreamTest extends LambdaInvocationTest {

    private static final String TASK = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

    @Test
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
}
