package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.veostatus.error.Outcome;
import io.veostatus.error.UpstreamUnavailableException;

/**
 * Attempts and retries fit inside the time Lambda gives the invocation
 * ({@code Context.getRemainingTimeInMillis()}), so the function answers with its own error instead of
 * being killed by the Lambda timeout. The handler is called directly to control the remaining time.
 */
@QuarkusTest
class InvocationDeadlineTest extends LambdaInvocationTest {

    private static final String TASK = "fedcba9876543210fedcba9876543210";

    @Inject
    VeoStatusHandler handler;

    @Test
    void noRetryStartsThatCouldNotFinishInTime() {
        answer(TASK, aResponse().withStatus(200).withBody(example("generating.json")).withFixedDelay(2_500));
        Instant start = Instant.now();
        UpstreamUnavailableException outcome = assertThrows(UpstreamUnavailableException.class,
                () -> invokeDirectly(handler, TASK, new FixedDeadlineContext(1_600)));
        Duration took = Duration.between(start, Instant.now());

        assertEquals(Outcome.UPSTREAM_TIMEOUT, outcome.outcome());
        assertEquals(1, callsFor(TASK), "a retry needs backoff + 500 ms + reserve, more than the 600 ms left");
        assertTrue(took.compareTo(Duration.ofMillis(1_600)) < 0, "answered before the deadline, took " + took);
    }

    @Test
    void aRetryStartsOnlyWhileAWholeAttemptStillFits() {
        answer(TASK, aResponse().withStatus(200).withBody(example("generating.json")).withFixedDelay(2_500));
        Instant start = Instant.now();
        UpstreamUnavailableException outcome = assertThrows(UpstreamUnavailableException.class,
                () -> invokeDirectly(handler, TASK, new FixedDeadlineContext(2_600)));
        Duration took = Duration.between(start, Instant.now());

        // 2.35 s after the reserve: a 1 s attempt, then a retry (backoff at most 220 ms) that still fits
        // whole; a third would end past the deadline, so it is not started.
        assertEquals(Outcome.UPSTREAM_TIMEOUT, outcome.outcome(), outcome.getMessage());
        assertEquals(2, callsFor(TASK));
        assertTrue(took.compareTo(Duration.ofMillis(2_600)) < 0, "answered before the deadline, took " + took);
    }

    @Test
    void anAttemptIsCutToTheTimeLeft() {
        answer(TASK, aResponse().withStatus(200).withBody(example("generating.json")).withFixedDelay(2_500));
        Instant start = Instant.now();
        UpstreamUnavailableException outcome = assertThrows(UpstreamUnavailableException.class,
                () -> invokeDirectly(handler, TASK, new FixedDeadlineContext(900)));
        Duration took = Duration.between(start, Instant.now());

        // 900 ms left minus the 250 ms reserve: the attempt gets about 650 ms, not the configured 1 s.
        assertTrue(outcome.getMessage().matches(".*within (6[0-4]\\d|650) ms.*"), outcome.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(900)) < 0, "took " + took);
        assertEquals(1, callsFor(TASK));
    }

    @Test
    void withTooLittleTimeLeftTheUpstreamIsNotCalled() {
        UpstreamUnavailableException outcome = assertThrows(UpstreamUnavailableException.class,
                () -> invokeDirectly(handler, TASK, new FixedDeadlineContext(400)));
        assertTrue(outcome.getMessage().contains("too little time left"), outcome.getMessage());
        assertEquals(0, allRecordInfoCalls());
    }
}
