package io.veostatus.error;

/** The Veo API is rate-limiting this API key. */
public final class UpstreamThrottledException extends VeoStatusException {

    public UpstreamThrottledException(String message) {
        super(Outcome.UPSTREAM_THROTTLED, message);
    }
}
