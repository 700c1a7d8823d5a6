package io.veostatus.kernel;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import io.smallrye.faulttolerance.api.TypedGuard;

import io.veostatus.error.Outcome;

/**
 * The retry policy of one invocation, for every call the function retries (record-info, a video's copy): the
 * configured retries with exponential backoff and jitter, and a retry started only while the longest backoff
 * and a whole attempt still fit in the time available. SmallRye checks the time spent against the retry's max
 * duration before each backoff; it also wants that duration longer than the longest backoff, and below that no
 * retry would fit anyway.
 *
 * @param maxRetries retries after the first attempt
 * @param delay backoff before the first retry; it doubles for each further retry, up to {@code maxDelay}
 * @param maxDelay the longest backoff (equal to {@code delay} for a constant backoff)
 * @param jitter added to or taken from each backoff at random
 */
public record RetryWithinDeadline(int maxRetries, Duration delay, Duration maxDelay, Duration jitter) {

    /**
     * A guard that retries {@code call} on the outcomes that say so ({@link Outcome#retriedOn}) within
     * {@code available}, each attempt taking up to {@code attemptTime}.
     */
    public <T> TypedGuard<T> guard(Class<T> type, Outcome.RetriedCall call, String description, Duration available,
            Duration attemptTime, Consumer<Throwable> beforeRetry) {
        long latestRetryStart = available.minus(attemptTime).minus(maxDelay).minus(jitter).toMillis();
        boolean retryFits = latestRetryStart > maxDelay.toMillis();
        TypedGuard.Builder.RetryBuilder<T> retry = TypedGuard.create(type)
                .withDescription(description)
                .withRetry()
                .maxRetries(retryFits ? maxRetries : 0)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .jitter(jitter.toMillis(), ChronoUnit.MILLIS)
                .retryOn(Outcome.retriedOn(call))
                .beforeRetry(beforeRetry);
        if (retryFits) {
            retry.maxDuration(latestRetryStart, ChronoUnit.MILLIS);
        }
        if (maxDelay.compareTo(delay) <= 0) {
            // A constant backoff: SmallRye's exponential one wants a longest backoff above the first.
            return retry.done().build();
        }
        return retry.withExponentialBackoff().factor(2).maxDelay(maxDelay.toMillis(), ChronoUnit.MILLIS)
                .done().done().build();
    }
}
