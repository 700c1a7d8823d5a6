package io.veostatus.taskstatus;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The polling bookkeeping that travels with a TaskStatus, so that a state machine can pass the last
 * result straight back in and the function needs no storage of its own. {@code maxWaitSeconds} (the
 * budget in force) and {@code pollIntervalSeconds} (a caller's fixed interval, or null) are carried so
 * that a caller's own choices survive the round trip.
 */
@RegisterForReflection
public record PollState(int attempt, Instant firstPolledAt, long elapsedSeconds, long nextPollSeconds,
        long maxWaitSeconds, Long pollIntervalSeconds) {
}
