package io.veostatus.error;

/** The video's source is gone from the vendor's CDN (HTTP 403, 404 or 410): its 14 days have passed, or the link was withdrawn. Not retried: the copy can never succeed. */
public final class SourceGoneException extends VeoStatusException {

    public SourceGoneException(String message) {
        super(Outcome.SOURCE_GONE, message);
    }
}
