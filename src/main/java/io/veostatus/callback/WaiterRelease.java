package io.veostatus.callback;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.callback.aws.TaskTokens;
import io.veostatus.callback.aws.WaiterTable;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.telemetry.EmfMetrics;
import io.veostatus.telemetry.Invocation;

/**
 * Resumes every execution waiting on a task that has ended, each with the task's status as a poll gives it, and
 * forgets each one resumed or already done. A token completed twice (two callbacks, or a callback and the
 * registration) is done, not an error.
 */
@ApplicationScoped
class WaiterRelease {

    private final WaiterTable table;
    private final TaskTokens tokens;
    private final ObjectMapper json;
    private final ApiKeyProvider keys;

    WaiterRelease(WaiterTable table, TaskTokens tokens, ObjectMapper json, ApiKeyProvider keys) {
        this.table = table;
        this.tokens = tokens;
        this.json = json;
        this.keys = keys;
    }

    /**
     * Counts each execution resumed in the invocation's {@code TokensCompleted} as it goes, so that the count holds
     * even when Step Functions or the table fails part of the way through.
     */
    void release(TaskId taskId, TaskStatus status, List<WaiterTable.Waiter> waiters, Deadline deadline,
            Invocation invocation) {
        String output = output(status);
        int resumed = 0;
        for (WaiterTable.Waiter waiter : waiters) {
            if (tokens.succeed(waiter.taskToken(), output, deadline) == TaskTokens.Completion.RESUMED) {
                invocation.count(EmfMetrics.TOKENS_COMPLETED, ++resumed);
            }
            table.remove(taskId, waiter, deadline);
        }
    }

    /** The status as the status function answers it, with the API key removed as from every answer. */
    private String output(TaskStatus status) {
        try {
            return keys.redact(json.writeValueAsString(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a TaskStatus could not be written as JSON", e);
        }
    }
}
