package io.veostatus.error;

/** The copy could not be completed for now: the vendor's CDN or S3 failed, stalled or was too slow through the function's own retries. Transient: the state machine retries it. */
public final class KeepUnavailableException extends VeoStatusException {

    public KeepUnavailableException(String message) {
        super(Outcome.KEEP_UNAVAILABLE, message);
    }
}
