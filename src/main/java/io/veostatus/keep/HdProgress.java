package io.veostatus.keep;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The 1080p part of keeping a task, carried from one invocation of the keeping function to the next by
 * the state machine, as the poll state is.
 *
 * @param reason why there is no 1080p file (the vendor's last answer, or why none is offered), or null
 * @param checks how many times the 1080p endpoint has been asked, all videos together
 * @param firstCheckedAt when the first check was made: the wait for 1080p ends {@code veo.keep.hd-wait} after it
 * @param videos how many videos the task has (record-info's resultUrls), each with its index
 */
@RegisterForReflection
public record HdProgress(HdStatus status, String reason, int checks, Instant firstCheckedAt, int videos) {
}
