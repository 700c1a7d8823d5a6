package io.veostatus.error;

/** The event given to veo-status is not one of the shapes it serves. */
public final class InvalidRequestException extends VeoStatusException {

    public InvalidRequestException(String message) {
        super(Outcome.INVALID_REQUEST, message);
    }
}
