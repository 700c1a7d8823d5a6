package io.veostatus.keep;

/** What became of the 1080p version of a task's videos. */
public enum HdStatus {
    /** Asked for, not ready yet: the state machine waits and the keeping function asks again. */
    PENDING,
    /** Every video's 1080p version is kept beside its original. */
    KEPT,
    /** The vendor offers none: a fallback video, an aspect ratio it does not upgrade, or an original that is 1080p already. */
    NOT_OFFERED,
    /** Asked for until {@code veo.keep.hd-wait} had passed without an answer with a file: the original alone is kept. */
    NOT_READY_IN_TIME
}
