package io.veostatus.keep.store;

import java.nio.file.Path;
import java.util.Optional;

import io.veostatus.keep.source.VideoSource;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;

/**
 * Where kept videos are written: the bucket. {@link S3VideoStore} is the one implementation; the copy depends on
 * this interface so that the status function's package, which is built from the same code without the AWS SDK
 * (docs/keeping.md), reaches no class of the SDK: its build leaves {@code S3VideoStore} out, and the
 * native image builder then finds no path from the status handler to S3.
 */
public interface VideoStore {

    /**
     * A video already kept under {@code key} for this task: its size and checksum, as the bucket reports them. Each call
     * ends by {@code deadline}, counted from when it is made (not from when this method was called).
     */
    Optional<KeptObject> kept(String bucket, String key, TaskId taskId, Deadline deadline);

    /** Writes a streamed body of known length, by {@code deadline}; the stream is read once, by this call. */
    KeptObject put(String bucket, String key, TaskId taskId, String source, VideoSource body, Deadline deadline);

    /** Writes a body that was spooled to a file, because the source did not say its length, by {@code deadline}. */
    KeptObject put(String bucket, String key, TaskId taskId, String source, Path spooled, Deadline deadline);

    /** What the bucket holds: the size and the base64 SHA-256 it verified. */
    record KeptObject(long bytes, String sha256) {
    }
}
