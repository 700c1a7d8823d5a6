package io.veostatus.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The advised wait between polls and the default wait budget ({@code veo.poll.*}); see docs/step-functions.md. */
@ConfigMapping(prefix = "veo.poll")
public interface PollConfig {

    /** The budget when the input has no {@code maxWaitSeconds}; TIMED_OUT once it has passed. */
    @WithDefault("20m")
    Duration maxWait();

    /** How long a Veo 3 generation usually takes ("a few minutes"): the centre of the dense polling window. */
    @WithDefault("3m")
    Duration expectedGeneration();

    /** The dense window opens at this share of the expected time; almost no task finishes sooner. */
    @WithDefault("0.5")
    double windowOpens();

    /** The dense window closes at this multiple of the expected time; waits then grow with the task's age. */
    @WithDefault("2.0")
    double windowCloses();

    /** Advised wait inside the dense window: it bounds how late a finished video is noticed. */
    @WithDefault("15s")
    Duration intervalInWindow();

    /** Shortest advised wait. */
    @WithDefault("5s")
    Duration minInterval();

    /** Longest advised wait, before the window opens and in the long tail. */
    @WithDefault("90s")
    Duration maxInterval();
}
