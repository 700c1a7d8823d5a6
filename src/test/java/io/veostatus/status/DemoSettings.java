package io.veostatus.status;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.UpstreamCallConfig;

/**
 * Settings for the tests that replay what a newcomer does in {@code ./mvnw quarkus:dev}, and for the
 * browser (CORS) tests; one profile for both, because every profile costs the suite a build of the
 * application.
 * <ul>
 * <li>The record-info call settings of dev mode (the shipped defaults) instead of the test profile's
 * shortened ones: a 1 s attempt timeout on a busy machine can cut a slow first answer of the simulated
 * API and retry it, and each retry moves a demo scenario on by a poll.</li>
 * <li>One allowed browser origin. The examples' events (events/) carry no {@code Origin} header, so it changes
 * none of their answers.</li>
 * </ul>
 */
public class DemoSettings implements QuarkusTestProfile {

    static final String ALLOWED_ORIGIN = "https://app.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        UpstreamCallConfig defaults = ConfigDefaults.of(UpstreamCallConfig.class);
        return Map.of(
                "veo.upstream.attempt-timeout", defaults.attemptTimeout().toMillis() + "ms",
                "veo.upstream.retry-delay", defaults.retryDelay().toMillis() + "ms",
                "veo.upstream.retry-max-delay", defaults.retryMaxDelay().toMillis() + "ms",
                "veo.upstream.retry-jitter", defaults.retryJitter().toMillis() + "ms",
                "veo.http.cors.allowed-origins", ALLOWED_ORIGIN);
    }
}
