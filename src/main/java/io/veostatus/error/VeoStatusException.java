package io.veostatus.error;

/**
 * Base of every outcome that veo-status reports as an error instead of a TaskStatus.
 *
 * <p>The fully qualified class name of each subclass reaches Step Functions as the Lambda
 * {@code errorType}, where {@code ErrorEquals} matches it: those names are public interface.
 * Stack traces are not captured: these are expected outcomes, not bugs, and an empty trace
 * keeps the error payload to the one sentence the caller needs.
 */
public abstract class VeoStatusException extends RuntimeException {

    protected VeoStatusException(String message) {
        this(message, null);
    }

    protected VeoStatusException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
