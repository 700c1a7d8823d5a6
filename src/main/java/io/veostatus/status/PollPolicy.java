package io.veostatus.status;

import io.veostatus.config.PollConfig;

/**
 * Advises how long a caller should wait before polling a task again. The first waits are short
 * because a task can finish early; they grow so that a long generation does not cost a poll every
 * few seconds; and the last one is cut so that the caller's budget is not overshot by more than a
 * second.
 */
public final class PollPolicy {

    private final long initialSeconds;
    private final double growth;
    private final long maxSeconds;

    public PollPolicy(PollConfig config) {
        this.initialSeconds = Math.max(1, config.initialInterval().toSeconds());
        this.growth = Math.max(1.0, config.growth());
        this.maxSeconds = Math.max(initialSeconds, config.maxInterval().toSeconds());
    }

    /**
     * @param attempt the poll that produced {@code status}, counting from 1
     * @param elapsedSeconds time since the first poll of this task
     * @param maxWaitSeconds the caller's budget
     * @return 0 when the task is done, else the advised wait in whole seconds (at least 1)
     */
    public long nextPollSeconds(TaskState status, int attempt, long elapsedSeconds, long maxWaitSeconds) {
        if (status.done()) {
            return 0;
        }
        double grown = initialSeconds * Math.pow(growth, Math.max(0, attempt - 1));
        long advised = Math.min(maxSeconds, Math.round(grown));
        // One second past the budget is enough for the next poll to report TIMED_OUT.
        long untilBudgetPassed = Math.max(1, maxWaitSeconds - elapsedSeconds + 1);
        return Math.max(1, Math.min(advised, untilBudgetPassed));
    }
}
