package io.veostatus.keep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

    /** The port of the tests' own misbehaving CDN on 127.0.0.1 (StallingSource and the like), which they read back. */
    public static final String OWN_SOURCE_PORT = "test.own-source.port";

    /**
     * The CDN stand-ins speak plain http on this machine: http is allowed, and so are exactly WireMock's
     * {@code localhost:<port>} and one free port of 127.0.0.1 for a test's own source; any other address of this
     * machine (an internal service of a test) stays refused.
     */
    @Override
    public Map<String, String> getConfigOverrides() {
        int ownSourcePort = freePort();
        return Map.ofEntries(Map.entry("quarkus.lambda.handler", HandlerRouter.NAME),
                Map.entry("veo.keep.prefix", "kept/"),
                Map.entry("veo.keep.max-bytes", String.valueOf(MAX_BYTES)),
                Map.entry("veo.keep.attempt-timeout", "15s"),
                Map.entry("veo.keep.read-timeout", "1s"),
                Map.entry("veo.keep.max-retries", "1"),
                Map.entry("veo.keep.retry-delay", "100ms"),
                Map.entry("veo.keep.hd-wait", "60s"),
                Map.entry("veo.keep.hd-check-interval", "1s"),
                Map.entry("veo.keep.allow-http-sources", "true"),
                Map.entry("veo.keep.unsafe-allow-private-sources",
                        "localhost:${quarkus.wiremock.devservices.port},127.0.0.1:" + ownSourcePort),
                Map.entry(OWN_SOURCE_PORT, String.valueOf(ownSourcePort)));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3MockServer.class));
    }

    /** A port free at this moment, for a server that binds it a little later. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
