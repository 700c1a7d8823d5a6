package io.veostatus.upstream;

/**
 * What a caller makes of one parsed answer. It runs inside each attempt, so that an answer it
 * classifies as transient (throttled, unavailable) is retried like a transport failure.
 */
@FunctionalInterface
public interface RecordInfoInterpreter<T> {

    T interpret(TaskId taskId, RecordInfoAnswer answer);
}
