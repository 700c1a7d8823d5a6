package io.veostatus.lambda;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.UpstreamCallConfig;

/**
 * The record-info call settings of {@code ./mvnw quarkus:dev} (the shipped defaults), instead of the test
 * profile's shortened ones, for tests that replay what a newcomer does in dev mode. A 1 s attempt timeout
 * on a busy machine can cut a slow first answer of the simulated API and retry it, and each retry moves
 * the demo's scenario on by a poll.
 */
public class DevModeUpstreamSettings implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        UpstreamCallConfig defaults = ConfigDefaults.of(UpstreamCallConfig.class);
        return Map.of(
                "veo.upstream.attempt-timeout", defaults.attemptTimeout().toMillis() + "ms",
                "veo.upstream.retry-delay", defaults.retryDelay().toMillis() + "ms",
                "veo.upstream.retry-max-delay", defaults.retryMaxDelay().toMillis() + "ms",
                "veo.upstream.retry-jitter", defaults.retryJitter().toMillis() + "ms");
    }
}
