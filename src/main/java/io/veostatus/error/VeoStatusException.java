package io.veostatus.error;

import java.util.function.UnaryOperator;

/**
 * Base of every outcome that veo-status reports as an error instead of a TaskStatus.
 *
 * <p>The fully qualified class name of each subclass reaches Step Functions as the Lambda
 * {@code errorType}, where {@code ErrorEquals} matches it: those names are public interface.
 * Stack traces are not captured: these are expected outcomes, not bugs, and an empty trace
 * keeps the error payload to the one sentence the caller needs. What each outcome means (its retries, its HTTP
 * answer) is its {@link Outcome}.
 */
public abstract class VeoStatusException extends RuntimeException {

    private final Outcome outcome;
    /** The message as it leaves the function, once {@link #redact} has made it so; null until then. */
    private volatile String leaving;

    protected VeoStatusException(Outcome outcome, String message) {
        super(message, null, false, false);
        if (outcome.type() != getClass()) {
            throw new IllegalArgumentException(outcome + " is an outcome of " + outcome.type().getSimpleName() + ", not of "
                    + getClass().getSimpleName());
        }
        this.outcome = outcome;
    }

    /** What this outcome means. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Makes this outcome's message, from now on, {@code redaction} of the message it was made with: done once, where
     * the outcome leaves the function (telemetry/InvocationTelemetry), so that the runtime's {@code errorMessage} and
     * whatever else reads the message after it shows nothing the redaction removes. Its type, and so the
     * {@code errorType} Step Functions matches, stay the same, which a copy would not guarantee for every subclass.
     *
     * @return this outcome
     */
    public VeoStatusException redact(UnaryOperator<String> redaction) {
        leaving = redaction.apply(super.getMessage());
        return this;
    }

    @Override
    public String getMessage() {
        String redacted = leaving;
        return redacted != null ? redacted : super.getMessage();
    }
}
