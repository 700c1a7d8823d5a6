package io.veostatus.status.poll;

import java.time.Instant;

import io.veostatus.kernel.TaskId;

/**
 * One request to poll a task, whatever shape it arrived in.
 *
 * @param previousAttempts polls of this task already made (0 for the first)
 * @param firstPolledAt when the first poll was made, or null for the first
 * @param maxWaitSeconds the caller's wait budget, or null for the configured default
 * @param pollIntervalSeconds the caller's fixed wait between polls, or null for the adaptive policy
 */
public record PollRequest(TaskId taskId, int previousAttempts, Instant firstPolledAt, Long maxWaitSeconds,
        Long pollIntervalSeconds) {

    public static PollRequest first(TaskId taskId) {
        return new PollRequest(taskId, 0, null, null, null);
    }
}
