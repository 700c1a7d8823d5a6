package io.veostatus.status.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.config.PollConfig;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.PlausibleTime;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.veoapi.RecordInfoGateway;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.taskstatus.TaskError;
import io.veostatus.taskstatus.PollState;
import io.veostatus.taskstatus.TaskStatusNormalizer;

/**
 * One poll of one task: the wait budget is checked first (a task past it is TIMED_OUT without an
 * upstream call), then record-info is asked, its report normalized, and the poll bookkeeping added.
 */
@ApplicationScoped
public class TaskPoller {

    private final RecordInfoGateway gateway;
    private final PollPolicy policy;
    private final long defaultMaxWaitSeconds;

    public TaskPoller(RecordInfoGateway gateway, PollConfig poll) {
        this.gateway = gateway;
        this.policy = new PollPolicy(poll);
        this.defaultMaxWaitSeconds = poll.maxWait().toSeconds();
    }

    /** One poll; what it asked of the Veo API is counted in {@code usage}. */
    public TaskStatus poll(PollRequest request, Deadline deadline, UpstreamUsage usage) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstPolledAt = request.firstPolledAt() != null ? request.firstPolledAt() : now;
        // A start in the future would keep elapsedSeconds at 0 and the task from timing out; one before the
        // plausible window would make elapsedSeconds absurd.
        if (!PlausibleTime.plausible(firstPolledAt, now) || firstPolledAt.isAfter(now.plus(PlausibleTime.CLOCK_SKEW))) {
            throw new InvalidRequestException("poll.firstPolledAt must lie between " + PlausibleTime.EARLIEST
                    + " and now; pass back the poll of this function's own result.");
        }
        long elapsedSeconds = Math.max(0, Duration.between(firstPolledAt, now).toSeconds());
        long maxWaitSeconds = request.maxWaitSeconds() != null ? request.maxWaitSeconds() : defaultMaxWaitSeconds;
        int attempt = request.previousAttempts() + 1;

        TaskStatus status = elapsedSeconds > maxWaitSeconds
                ? TaskStatus.timedOut(request.taskId(), new TaskError("TIMED_OUT", "Task " + request.taskId()
                        + " did not finish within maxWaitSeconds " + maxWaitSeconds + " (" + elapsedSeconds
                        + " s since the first poll)."))
                : TaskStatusNormalizer.normalize(gateway.fetch(request.taskId(), deadline, usage));
        long next = policy.nextPollSeconds(new PollPolicy.Inputs(status.status(), status.createdAt(), firstPolledAt, now,
                maxWaitSeconds, request.pollIntervalSeconds()));
        return status.withPoll(new PollState(attempt, firstPolledAt, elapsedSeconds, next, maxWaitSeconds,
                request.pollIntervalSeconds()));
    }
}
