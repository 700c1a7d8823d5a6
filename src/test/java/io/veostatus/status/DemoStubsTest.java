package io.veostatus.status;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The demo task ids that `./mvnw quarkus:dev` serves from the shipped WireMock stubs
 * (src/dev/wiremock) behave as the README's table of them says, times included, which
 * ReadmeExamplesTest masks when it compares the answers the pages show.
 */
@QuarkusTest
@TestProfile(DemoSettings.class)
class DemoStubsTest extends LambdaInvocationTest {

    /**
     * The simulated task's timeline counts from its first poll: created then, 100 s old at the second
     * poll (as if the advised wait had passed), finished 105 s after creation and found done at the third.
     * So the advice is the same however fast the polls come: 90 s, then 15 s, then done.
     */
    @Test
    void demoGeneratingFollowsItsTimelineFromTheFirstPoll() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String first = poll("demo-generating").statusCode(200)
                .body("status", equalTo("GENERATING")).body("done", equalTo(false))
                .body("prompt", equalTo("A paper boat drifting down a rainy street"))
                .body("poll.attempt", equalTo(1)).body("poll.nextPollSeconds", equalTo(90))
                .extract().asString();
        assertBetween(start, Instant.now(), instant(first, "createdAt"), "created at the first poll");

        Instant beforeSecond = Instant.now();
        String second = invoke(first).statusCode(200)
                .body("status", equalTo("GENERATING")).body("poll.attempt", equalTo(2))
                .body("poll.nextPollSeconds", equalTo(15)).extract().asString();
        assertBetween(beforeSecond.minusSeconds(100), Instant.now().minusSeconds(100), instant(second, "createdAt"),
                "100 s old at the second poll");

        String third = invoke(second).statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("done", equalTo(true))
                .body("videoUrls[0]", equalTo("https://example.com/demo/demo-generating.mp4"))
                .body("resolution", equalTo("1080p"))
                .body("poll.attempt", equalTo(3)).body("poll.nextPollSeconds", equalTo(0))
                .extract().asString();
        assertEquals(Duration.ofSeconds(105), Duration.between(instant(third, "createdAt"), instant(third, "completedAt")),
                "finished 105 s after creation");
    }

    private static Instant instant(String answer, String field) {
        return Instant.parse(JsonPath.from(answer).getString(field));
    }

    private static void assertBetween(Instant from, Instant to, Instant actual, String what) {
        // The simulated API writes whole seconds.
        assertTrue(!actual.isBefore(from.truncatedTo(ChronoUnit.SECONDS)) && !actual.isAfter(to),
                what + ": " + actual + " not within " + from + " .. " + to);
    }

    @Test
    void demoRenderingIsGeneratingAtEveryPollInsideTheWindow() {
        Instant before = Instant.now();
        String first = poll("demo-rendering").statusCode(200)
                .body("status", equalTo("GENERATING")).body("poll.nextPollSeconds", equalTo(15)).extract().asString();
        assertBetween(before.minusSeconds(200), Instant.now().minusSeconds(200), instant(first, "createdAt"),
                "created 200 s before");
        invoke(first).statusCode(200).body("status", equalTo("GENERATING")).body("poll.attempt", equalTo(2))
                .body("poll.nextPollSeconds", equalTo(15));
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
