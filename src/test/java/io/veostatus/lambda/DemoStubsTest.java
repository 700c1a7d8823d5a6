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
                .body("createdAt", equalTo("2026-11-29T08:00:00Z"))
                .body("poll.attempt", equalTo(1)).body("poll.nextPollSeconds", equalTo(10))
                .extract().asString();
        String second = invoke(first).statusCode(200)
                .body("status", equalTo("GENERATING")).body("poll.attempt", equalTo(2))
                .body("poll.nextPollSeconds", equalTo(13))
                .extract().asString();
        invoke(second).statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("done", equalTo(true))
                .body("videoUrls[0]", equalTo("https://example.com/demo/demo-generating.mp4"))
                .body("resolution", equalTo("1080p"))
                .body("completedAt", equalTo("2026-11-29T08:03:10Z"))
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
