package io.veostatus.error;

/** The taskId given to veo-status is missing or not a valid task id. */
public final class InvalidTaskIdException extends VeoStatusException {

    public InvalidTaskIdException(String message) {
        super(message);
    }

    public InvalidTaskIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
