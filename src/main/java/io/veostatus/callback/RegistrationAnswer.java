package io.veostatus.callback;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.veostatus.taskstatus.TaskState;

/**
 * The registration's own answer: the task's status when it registered (null when record-info could not tell), and
 * whether the execution now waits for the callback ({@code false}: the task had ended and the token was completed at once). Step Functions does not read it
 * (a {@code .waitForTaskToken} task's result is the token's output); it is for logs and direct invokes.
 */
@RegisterForReflection
@JsonPropertyOrder({ "taskId", "status", "waiting" })
record RegistrationAnswer(String taskId, TaskState status, boolean waiting) {
}
