package io.veostatus.error;

/** The video is larger than veo.keep.max-bytes; nothing of it was stored. */
public final class VideoTooLargeException extends VeoStatusException {

    public VideoTooLargeException(String message) {
        super(Outcome.VIDEO_TOO_LARGE, message);
    }
}
