package io.veostatus.keep;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The keeping function's answer, which the state machine puts in the task's output as {@code keep} and
 * passes back to the next invocation while the 1080p version is pending.
 *
 * @param done false while a 1080p version is awaited; then wait {@code nextCheckSeconds} and invoke again
 * @param files every file kept so far: the originals first, then the 1080p versions
 */
@RegisterForReflection
@JsonPropertyOrder({ "done", "nextCheckSeconds", "files", "hd" })
public record KeepProgress(boolean done, long nextCheckSeconds, List<KeptFile> files, HdProgress hd) {

    public KeepProgress {
        files = List.copyOf(files);
    }
}
