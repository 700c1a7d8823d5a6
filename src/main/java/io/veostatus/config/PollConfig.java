package io.veostatus.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The advised wait between polls and the default wait budget ({@code veo.poll.*}); see docs/step-functions.md. A value
 * outside the range given below fails the function's start with a sentence naming it ({@link PollRanges}).
 */
@ConfigMapping(prefix = "veo.poll")
public interface PollConfig {

    /** The budget when the input has no {@code maxWaitSeconds}; TIMED_OUT once it has passed. Whole seconds, 1s to 24h. */
    @WithDefault("20m")
    Duration maxWait();

    /**
     * How long a Veo 3 generation usually takes ("a few minutes"): the centre of the dense polling window. Whole
     * seconds, 1s to 24h.
     */
    @WithDefault("3m")
    Duration expectedGeneration();

    /** The dense window opens at this share of the expected time, 0 to 1; almost no task finishes sooner. */
    @WithDefault("0.5")
    double windowOpens();

    /** The dense window closes at this multiple of the expected time, 1 or more; waits then grow with the task's age. */
    @WithDefault("2.0")
    double windowCloses();

    /**
     * Advised wait inside the dense window: it bounds how late a finished video is noticed. Whole seconds, from
     * {@link #minInterval()} to {@link #maxInterval()}.
     */
    @WithDefault("15s")
    Duration intervalInWindow();

    /** Shortest advised wait. Whole seconds, 1s to 24h. */
    @WithDefault("5s")
    Duration minInterval();

    /** Longest advised wait, before the window opens and in the long tail. Whole seconds, from {@link #minInterval()} to 24h. */
    @WithDefault("90s")
    Duration maxInterval();
}
