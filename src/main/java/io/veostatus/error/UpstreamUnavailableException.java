package io.veostatus.error;

/**
 * The Veo API could not be reached, did not answer in time, or gave an answer that is not understood.
 * Transient: retried inside the function, then left to the caller to back off for longer.
 */
public final class UpstreamUnavailableException extends VeoStatusException {

    private final boolean timedOut;

    public UpstreamUnavailableException(String message) {
        this(message, null, false);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private UpstreamUnavailableException(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /** An attempt ran out of time: HTTP callers get 504 for it rather than 503. */
    public static UpstreamUnavailableException timedOut(String message, Throwable cause) {
        return new UpstreamUnavailableException(message, cause, true);
    }

    public boolean timedOut() {
        return timedOut;
    }
}
