package io.veostatus.keep;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The keeping tests' application: S3Mock as the bucket's S3, WireMock (the Veo API's stand-in) also as the
 * vendor's CDN and 1080p endpoint, both handlers reachable through {@link HandlerRouter}, and every bound
 * short so that stalls and waits take seconds.
 */
public class KeepProfile implements QuarkusTestProfile {

    /** The size cap of these tests: 2 MiB, so that a "too large" source is cheap to serve. */
    public static final long MAX_BYTES = 2 * 1024 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.lambda.handler", HandlerRouter.NAME,
                "veo.keep.prefix", "kept/",
                "veo.keep.max-bytes", String.valueOf(MAX_BYTES),
                "veo.keep.attempt-timeout", "15s",
                "veo.keep.read-timeout", "1s",
                "veo.keep.max-retries", "1",
                "veo.keep.retry-delay", "100ms",
                "veo.keep.hd-wait", "60s",
                "veo.keep.hd-check-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3MockServer.class));
    }
}
