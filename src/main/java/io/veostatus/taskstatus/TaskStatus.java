package io.veostatus.taskstatus;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.veostatus.kernel.TaskId;

/**
 * The one normalized answer veo-status gives direct and Step Functions callers (docs/api.md,
 * "Output: the TaskStatus").
 * Every field is always present, lists are never null, and {@code done} is derived from
 * {@code status} so the two cannot disagree.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "taskId", "status", "done", "successFlag", "videoUrls", "fullVideoUrls", "originUrls",
        "resolution", "fallback", "error", "createdAt", "completedAt", "prompt", "poll" })
public record TaskStatus(
        String taskId,
        TaskState status,
        Integer successFlag,
        List<String> videoUrls,
        List<String> fullVideoUrls,
        List<String> originUrls,
        String resolution,
        boolean fallback,
        TaskError error,
        Instant createdAt,
        Instant completedAt,
        String prompt,
        PollState poll) {

    public TaskStatus {
        videoUrls = videoUrls == null ? List.of() : List.copyOf(videoUrls);
        fullVideoUrls = fullVideoUrls == null ? List.of() : List.copyOf(fullVideoUrls);
        originUrls = originUrls == null ? List.of() : List.copyOf(originUrls);
    }

    @JsonProperty("done")
    public boolean done() {
        return status.done();
    }

    /**
     * A task that ended without upstream detail, such as a 400 content-policy rejection: only the id
     * and the reason are known.
     */
    public static TaskStatus failedWithoutRecord(TaskId taskId, TaskError error) {
        return new TaskStatus(taskId.value(), TaskState.FAILED, null, null, null, null, null, false, error, null, null,
                null, null);
    }

    /** A task whose wait budget has passed; upstream was not asked, so nothing else is known. */
    public static TaskStatus timedOut(TaskId taskId, TaskError error) {
        return new TaskStatus(taskId.value(), TaskState.TIMED_OUT, null, null, null, null, null, false, error, null, null,
                null, null);
    }

    public TaskStatus withPoll(PollState newPoll) {
        return new TaskStatus(taskId, status, successFlag, videoUrls, fullVideoUrls, originUrls, resolution, fallback,
                error, createdAt, completedAt, prompt, newPoll);
    }
}
