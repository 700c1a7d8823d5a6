package io.veostatus.error;

/**
 * veo-status cannot authenticate to the Veo API: either the API refused the key ({@link Outcome#UPSTREAM_AUTH}), or
 * this deployment has no usable key: none set, or the secret that should hold it cannot be read
 * ({@link Outcome#API_KEY_NOT_CONFIGURED}). Both end a state machine at once, without retries; their outcomes tell
 * them apart for HTTP callers.
 */
public final class UpstreamAuthException extends VeoStatusException {

    public UpstreamAuthException(String message) {
        super(Outcome.UPSTREAM_AUTH, message);
    }

    private UpstreamAuthException(Outcome outcome, String message) {
        super(outcome, message);
    }

    /** A fault of this deployment's configuration, not of the key: the message names the setting to fix. */
    public static UpstreamAuthException notConfigured(String message) {
        return new UpstreamAuthException(Outcome.API_KEY_NOT_CONFIGURED, message);
    }
}
