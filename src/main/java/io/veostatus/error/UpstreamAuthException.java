package io.veostatus.error;

/** The Veo API refused the API key. */
public final class UpstreamAuthException extends VeoStatusException {

    public UpstreamAuthException(String message) {
        super(message);
    }

    public UpstreamAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
