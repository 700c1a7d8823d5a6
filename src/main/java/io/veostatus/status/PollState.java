package io.veostatus.status;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The polling bookkeeping that travels with a TaskStatus, so that a state machine can pass the last
 * result straight back in and the function needs no storage of its own.
 */
@RegisterForReflection
public record PollState(int attempt, Instant firstPolledAt, long elapsedSeconds, long nextPollSeconds) {
}
