package io.veostatus.error;

/** The Veo API does not know the task. */
public final class TaskNotFoundException extends VeoStatusException {

    public TaskNotFoundException(String message) {
        super(Outcome.TASK_NOT_FOUND, message);
    }
}
