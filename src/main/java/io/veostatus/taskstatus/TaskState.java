package io.veostatus.taskstatus;

/** What a caller's wait loop branches on; only {@link #GENERATING} means "poll again". */
public enum TaskState {
    GENERATING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT;

    public boolean done() {
        return this != GENERATING;
    }
}
