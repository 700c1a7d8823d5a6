package io.veostatus.taskstatus;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Why a task is FAILED or TIMED_OUT: a code and a sentence, never the text "null". */
@RegisterForReflection
public record TaskError(String code, String message) {
}
