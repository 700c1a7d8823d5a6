package io.veostatus.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The advised wait between polls and the default wait budget ({@code veo.poll.*}). */
@ConfigMapping(prefix = "veo.poll")
public interface PollConfig {

    /** The budget when the input has no {@code maxWaitSeconds}; TIMED_OUT once it has passed. */
    @WithDefault("20m")
    Duration maxWait();

    /** Advised wait after the first poll of a task that is still generating. */
    @WithDefault("10s")
    Duration initialInterval();

    /** Factor by which the advised wait grows with each further poll. */
    @WithDefault("1.25")
    double growth();

    /** Longest advised wait. */
    @WithDefault("30s")
    Duration maxInterval();
}
