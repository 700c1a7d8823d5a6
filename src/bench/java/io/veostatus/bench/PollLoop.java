package io.veostatus.bench;

/**
 * One task's Step Functions poll loop: a poll at {@code firstPollAt}, then one after each wait the schedule advises,
 * until a poll finds the task ended. Times in seconds after the task's creation; a poll itself takes no time. Each
 * poll is three state transitions: the Task, the Choice, then the Wait or, after the last poll, the end state.
 *
 * @param polls      the record-info calls, one Lambda invocation each
 * @param detectedAt when the poll that found the task ended happened
 */
record PollLoop(int polls, double detectedAt) {

    static final int TRANSITIONS_PER_POLL = 3;

    static PollLoop run(PollScheduleBenchmark.Schedule schedule, double firstPollAt, double endAt) {
        double t = firstPollAt;
        int attempt = 0;
        while (true) {
            attempt++;
            if (t >= endAt) {
                return new PollLoop(attempt, t);
            }
            t += schedule.nextWait(t, t - firstPollAt, attempt);
        }
    }

    int transitions() {
        return polls * TRANSITIONS_PER_POLL;
    }
}
