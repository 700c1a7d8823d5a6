package io.veostatus.kernel;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.smallrye.faulttolerance.api.TypedGuard;

/**
 * The time of one attempt of a call the function guards (record-info, the 1080p check, a video's copy): the configured
 * attempt timeout, cut to what the invocation has left, and SmallRye's timeout guard of it. Beside
 * {@link RetryWithinDeadline}, which spaces the attempts.
 */
public final class AttemptTimeout {

    private AttemptTimeout() {
    }

    /** The shorter of {@code available} and {@code configured}. */
    public static Duration within(Duration available, Duration configured) {
        return available.compareTo(configured) < 0 ? available : configured;
    }

    /** A guard that ends an attempt after {@code attemptTime} with SmallRye's {@code TimeoutException}. */
    public static <T> TypedGuard<T> guard(Class<T> type, String description, Duration attemptTime) {
        return TypedGuard.create(type)
                .withDescription(description)
                .withTimeout().duration(Math.max(1, attemptTime.toMillis()), ChronoUnit.MILLIS).done()
                .build();
    }
}
