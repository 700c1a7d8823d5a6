package io.veostatus.error;

/**
 * The key's source failed for now: the AWS Parameters and Secrets Lambda Extension did not answer in time, answered
 * HTTP 5xx or 429, or answered with something that is not a secret document. Transient: the state machine retries it.
 * Not a refused or missing key, which is {@link UpstreamAuthException}.
 */
public final class ApiKeyUnavailableException extends VeoStatusException {

    public ApiKeyUnavailableException(String message) {
        super(Outcome.API_KEY_UNAVAILABLE, message);
    }
}
