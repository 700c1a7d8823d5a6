package io.veostatus.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.config.PollConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.upstream.Deadline;
import io.veostatus.upstream.RecordInfoGateway;

/**
 * One poll of one task: the wait budget is checked first (a task past it is TIMED_OUT without an
 * upstream call), then record-info is asked, its answer normalized, and the poll bookkeeping added.
 */
@ApplicationScoped
public class TaskPoller {

    private final RecordInfoGateway gateway;
    private final TaskStatusNormalizer normalizer;
    private final PollPolicy policy;
    private final long defaultMaxWaitSeconds;

    public TaskPoller(RecordInfoGateway gateway, VeoApiConfig api, PollConfig poll, ObjectMapper json) {
        this.gateway = gateway;
        this.normalizer = new TaskStatusNormalizer(api.timezone(), json);
        this.policy = new PollPolicy(poll);
        this.defaultMaxWaitSeconds = poll.maxWait().toSeconds();
    }

    public TaskStatus poll(PollRequest request, Deadline deadline) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstPolledAt = request.firstPolledAt() != null ? request.firstPolledAt() : now;
        if (firstPolledAt.isAfter(now.plus(PollPolicy.CLOCK_SKEW))) {
            // A start in the future would keep elapsedSeconds at 0 and the task from ever timing out.
            throw new InvalidRequestException("poll.firstPolledAt lies in the future.");
        }
        long elapsedSeconds = Math.max(0, Duration.between(firstPolledAt, now).toSeconds());
        long maxWaitSeconds = request.maxWaitSeconds() != null ? request.maxWaitSeconds() : defaultMaxWaitSeconds;
        int attempt = request.previousAttempts() + 1;

        TaskStatus status = elapsedSeconds > maxWaitSeconds
                ? TaskStatus.timedOut(request.taskId(), new TaskError("TIMED_OUT", "Task " + request.taskId()
                        + " did not finish within maxWaitSeconds " + maxWaitSeconds + " (" + elapsedSeconds
                        + " s since the first poll)."))
                : gateway.fetch(request.taskId(), deadline, normalizer::normalize);
        long next = policy.nextPollSeconds(new PollPolicy.Inputs(status.status(), status.createdAt(), firstPolledAt, now,
                maxWaitSeconds, request.pollIntervalSeconds()));
        return status.withPoll(new PollState(attempt, firstPolledAt, elapsedSeconds, next, maxWaitSeconds,
                request.pollIntervalSeconds()));
    }
}
