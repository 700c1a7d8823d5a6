package io.veostatus.kernel;

import java.time.Duration;

/**
 * The moment by which this invocation must have answered, from Lambda's
 * {@code Context.getRemainingTimeInMillis()}. Attempts and retries are fitted inside it so that the
 * function reports an error of its own instead of being killed by the Lambda timeout.
 */
public record Deadline(long atNanos) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }
}
