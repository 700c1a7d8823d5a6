package io.veostatus.error;

/** The taskId given to veo-status is missing or not a valid task id. */
public final class InvalidTaskIdException extends VeoStatusException {

    public InvalidTaskIdException(String message) {
        super(Outcome.INVALID_TASK_ID, message);
    }
}
