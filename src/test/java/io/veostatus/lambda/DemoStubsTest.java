package io.veostatus.lambda;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo task ids that `./mvnw quarkus:dev` serves from the shipped WireMock stubs
 * (src/dev/wiremock) give the answers the README shows.
 */
@QuarkusTest
class DemoStubsTest extends LambdaInvocationTest {

    @Test
    void demoGeneratingReportsGeneratingTwiceThenSucceeded() {
        String first = poll("demo-generating").statusCode(200)
                .body("status", equalTo("GENERATING")).body("done", equalTo(false))
                .body("prompt", equalTo("A paper boat drifting down a rainy street"))
                // The demo task is created "now" (WireMock templating), so the policy waits for the
                // dense window, which opens at half the expected 3 minutes.
                .body("createdAt", org.hamcrest.Matchers.notNullValue())
                .body("poll.attempt", equalTo(1)).body("poll.nextPollSeconds", org.hamcrest.Matchers.both(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(88)).and(org.hamcrest.Matchers.lessThanOrEqualTo(90)))
                .extract().asString();
        String second = invoke(first).statusCode(200)
                .body("status", equalTo("GENERATING")).body("poll.attempt", equalTo(2))
                .body("poll.nextPollSeconds", org.hamcrest.Matchers.greaterThanOrEqualTo(88))
                .extract().asString();
        invoke(second).statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("done", equalTo(true))
                .body("videoUrls[0]", equalTo("https://example.com/demo/demo-generating.mp4"))
                .body("resolution", equalTo("1080p"))
                .body("completedAt", org.hamcrest.Matchers.notNullValue())
                .body("poll.attempt", equalTo(3)).body("poll.nextPollSeconds", equalTo(0));
    }

    @Test
    void demoSucceeded() {
        poll("demo-succeeded").statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("videoUrls", hasSize(1)).body("error", nullValue());
    }

    @Test
    void demoFailed() {
        poll("demo-failed").statusCode(200).body("status", equalTo("FAILED"))
                .body("error.code", equalTo("500"))
                .body("error.message", equalTo("Video generation failed, please try again"));
    }

    @Test
    void demoRejected() {
        poll("demo-rejected").statusCode(200).body("status", equalTo("FAILED")).body("error.code", equalTo("400"));
    }

    @Test
    void demoUnknownAndAnyOtherId() {
        pollExpectingError("demo-unknown", "TaskNotFoundException").body("errorMessage", containsString("record is null"));
        pollExpectingError("no-such-task-123", "TaskNotFoundException");
    }

    @Test
    void demoOutage() {
        pollExpectingError("demo-outage", "UpstreamUnavailableException").body("errorMessage", containsString("455"));
    }
}
