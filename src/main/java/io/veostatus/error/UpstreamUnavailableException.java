package io.veostatus.error;

/**
 * The Veo API could not be reached, did not reply in time, or sent a reply that is not understood.
 * Transient: retried inside the function, then left to the caller to back off for longer.
 */
public final class UpstreamUnavailableException extends VeoStatusException {

    public UpstreamUnavailableException(String message) {
        super(Outcome.UPSTREAM_UNAVAILABLE, message);
    }

    /** An attempt ran out of its time before the Veo API had replied ({@link Outcome#UPSTREAM_TIMEOUT}). */
    public static UpstreamUnavailableException tooSlow(String message) {
        return new UpstreamUnavailableException(Outcome.UPSTREAM_TIMEOUT, message);
    }

    private UpstreamUnavailableException(Outcome outcome, String message) {
        super(outcome, message);
    }
}
