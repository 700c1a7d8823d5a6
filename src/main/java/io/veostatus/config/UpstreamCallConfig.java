package io.veostatus.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How each call to the Veo API (record-info, the 1080p check) is bounded and retried ({@code veo.upstream.*}). */
@ConfigMapping(prefix = "veo.upstream")
public interface UpstreamCallConfig {

    /** Longest one attempt may take, connect to last byte; cut further to what the invocation has left. */
    @WithDefault("4s")
    Duration attemptTimeout();

    /** Retries after the first attempt, for the transient outcomes only (unavailable, throttled). */
    @WithDefault("2")
    int maxRetries();

    /** Backoff before the first retry; it doubles for each further retry, up to {@link #retryMaxDelay()}. */
    @WithDefault("300ms")
    Duration retryDelay();

    @WithDefault("2s")
    Duration retryMaxDelay();

    /** Each backoff is moved by a random amount up to this, so that many tasks do not retry in step. */
    @WithDefault("200ms")
    Duration retryJitter();

    /** Time kept back from the invocation's remaining time to hand the result back to Lambda. */
    @WithDefault("250ms")
    Duration reserve();

    /** Largest reply body read; a record-info reply is about 1 KB, anything far larger is not one. */
    @WithDefault("262144")
    int maxBodyBytes();

    CircuitBreaker circuitBreaker();

    /** Fails fast while the upstream is down, so polls do not each wait through a full set of timeouts. */
    interface CircuitBreaker {

        /** Attempts in the rolling window that the failure ratio is computed over. */
        @WithDefault("8")
        int requestVolume();

        /**
         * Share of failed attempts in the window that opens the breaker. With the defaults it opens during
         * the third poll in a row that fails in full (3 + 3 + 2 attempts).
         */
        @WithDefault("0.75")
        double failureRatio();

        /** How long the breaker stays open before one trial attempt is let through. */
        @WithDefault("20s")
        Duration delay();
    }
}
