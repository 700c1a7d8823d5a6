package io.veostatus.status;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The polling bookkeeping that travels with a TaskStatus, so that a state machine can pass the last
 * result straight back in and the function needs no storage of its own. {@code maxWaitSeconds} is the
 * budget in force, carried so that a caller's own budget survives the round trip.
 */
@RegisterForReflection
public record PollState(int attempt, Instant firstPolledAt, long elapsedSeconds, long nextPollSeconds,
        long maxWaitSeconds) {
}
