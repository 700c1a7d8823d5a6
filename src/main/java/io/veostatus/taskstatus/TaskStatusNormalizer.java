package io.veostatus.taskstatus;

import io.veostatus.veoapi.TaskRecord;
import io.veostatus.veoapi.TaskRejection;
import io.veostatus.veoapi.TaskReport;

/**
 * Maps what record-info reported about a task, already classified and checked at the client edge, to the
 * TaskStatus callers see (docs/api.md, "Output"). A pure function: no clock, no I/O, nothing that can fail on a
 * report the classifier let through.
 */
public final class TaskStatusNormalizer {

    private TaskStatusNormalizer() {
    }

    /** @return the task's status, without {@code poll}; the poller adds it. */
    public static TaskStatus normalize(TaskReport report) {
        if (report instanceof TaskRecord record) {
            return fromRecord(record);
        }
        // TaskReport is sealed: what is not a record is a rejection.
        TaskRejection rejection = (TaskRejection) report;
        return TaskStatus.failedWithoutRecord(rejection.taskId(), new TaskError(String.valueOf(rejection.code()),
                rejection.message() != null ? rejection.message()
                        : "The Veo API rejected the task with code " + rejection.code() + " without giving a reason."));
    }

    private static TaskStatus fromRecord(TaskRecord record) {
        TaskState state = switch (record.successFlag()) {
            case TaskRecord.GENERATING -> TaskState.GENERATING;
            case TaskRecord.SUCCESS -> TaskState.SUCCEEDED;
            default -> TaskState.FAILED;
        };
        return new TaskStatus(record.taskId().value(), state, record.successFlag(), record.videoUrls(),
                record.fullVideoUrls(), record.originUrls(), record.resolution(), record.fallback(),
                state == TaskState.FAILED ? generationError(record) : null, record.createdAt(), record.completedAt(),
                record.prompt(), null);
    }

    private static TaskError generationError(TaskRecord record) {
        return new TaskError(
                record.errorCode() != null ? record.errorCode()
                        : record.successFlag() == TaskRecord.GENERATION_FAILED ? "GENERATION_FAILED" : "FAILED",
                record.errorMessage() != null ? record.errorMessage()
                        : "The Veo API reported that generating the video failed without giving a reason.");
    }
}
