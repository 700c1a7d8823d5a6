package io.veostatus.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.veostatus.callback.CallbackProfile;

/**
 * The API key (a distinctive value in tests) appears in no answer, error or log line of the whole suite, even where
 * the upstream echoes it back (KeyEchoedByTheUpstreamTest). It reads what SuiteRecorder kept of every Quarkus test
 * class, so it is a plain test class: Quarkus's class orderer runs those after every Quarkus test class, and
 * {@code @Order} puts this one last of them.
 */
@Order(Integer.MAX_VALUE)
class ApiKeyLeakTest {

    private static final String API_KEY = LambdaInvocationTest.API_KEY;

    @Test
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

    @Test
    void theCallbackSecretsAppearInNoAnswerAndNoLogLineOfTheSuite() {
        // The callback tests sent the URL secret in every callback's path, and signed with the HMAC key.
        assertTrue(SuiteRecorder.answers().stream().anyMatch(answer -> answer.contains("ACCEPTED")), "callbacks were answered");
        for (String secret : List.of(CallbackProfile.HMAC_KEY, CallbackProfile.URL_SECRET)) {
            for (String answer : SuiteRecorder.answers()) {
                assertFalse(answer.contains(secret), "an answer holds a callback secret: " + answer);
            }
            for (String line : SuiteRecorder.logLines()) {
                assertFalse(line.contains(secret), "a log line holds a callback secret: " + line);
            }
        }
    }
}
