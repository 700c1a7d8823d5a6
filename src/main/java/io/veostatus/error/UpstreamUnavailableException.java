package io.veostatus.error;

/**
 * The Veo API could not be reached, did not reply in time, or sent a reply that is not understood.
 * Transient: retried inside the function, then left to the caller to back off for longer.
 */
public final class UpstreamUnavailableException extends VeoStatusException {

    private final boolean tooSlow;

    public UpstreamUnavailableException(String message) {
        this(message, null, false);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private UpstreamUnavailableException(String message, Throwable cause, boolean tooSlow) {
        super(message, cause);
        this.tooSlow = tooSlow;
    }

    /**
     * An attempt ran out of its time before the Veo API had replied (HTTP callers get 504 for it rather
     * than 503). Not to be confused with a task's TIMED_OUT status, which is its wait budget running out.
     */
    public static UpstreamUnavailableException tooSlow(String message) {
        return new UpstreamUnavailableException(message, null, true);
    }

    public boolean tooSlow() {
        return tooSlow;
    }
}
