package io.veostatus.veoapi;

import io.veostatus.kernel.TaskId;

/**
 * The vendor refused the task itself (code 400, 451, or a 422 that is not about a missing record, such
 * as a content-policy rejection): the task has failed, and there is no record of it.
 *
 * @param message the vendor's words on one line, or null when it gave none
 */
public record TaskRejection(TaskId taskId, int code, String message) implements TaskReport {
}
