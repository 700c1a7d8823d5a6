package io.veostatus.error;

/** The video is larger than veo.keep.max-bytes; nothing of it was stored. */
public final class VideoTooLargeException extends VeoStatusException {

    public VideoTooLargeException(String message) {
        super(message);
    }

    public VideoTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
