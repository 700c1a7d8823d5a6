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

    /**
     * The Veo API refused the key: "The Veo API refused the API key" and {@code how} ("(HTTP 401)", "with code 401"),
     * then where the key is set.
     */
    public static UpstreamAuthException refused(String how) {
        return new UpstreamAuthException("The Veo API refused the API key " + how
                + "; check the key in VEO_API_KEY or in the secret named by VEO_API_KEY_SECRET_ID.");
    }

    /** A fault of this deployment's configuration, not of the key: the message names the setting to fix. */
    public static UpstreamAuthException notConfigured(String message) {
        return new UpstreamAuthException(Outcome.API_KEY_NOT_CONFIGURED, message);
    }
}
