package io.veostatus.error;

/**
 * veo-status cannot authenticate to the Veo API: either the API refused the key, or this deployment has
 * no usable key (none set, or the secret that should hold it cannot be read). Both end a state machine
 * at once, without retries; {@link #notConfigured()} tells them apart for HTTP callers and operators.
 */
public final class UpstreamAuthException extends VeoStatusException {

    private final boolean notConfigured;

    public UpstreamAuthException(String message) {
        this(message, false);
    }

    private UpstreamAuthException(String message, boolean notConfigured) {
        super(message, null);
        this.notConfigured = notConfigured;
    }

    /** A fault of this deployment's configuration, not of the key: the message names the setting to fix. */
    public static UpstreamAuthException notConfigured(String message) {
        return new UpstreamAuthException(message, true);
    }

    public boolean notConfigured() {
        return notConfigured;
    }
}
