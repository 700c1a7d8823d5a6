package io.veostatus.keep;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.KeepConfig;
import io.veostatus.keep.store.S3VideoStore;

/**
 * WireMock standing in as S3 on a free port, where each request's headers can be read and any answer given (S3Mock
 * ignores some headers and always answers), with the stores pointed at it and the SDK's credentials set while it runs:
 * the SDK's other source of them are these system properties, which other tests of the JVM (S3MockServer) may have
 * set, so they are put back as they were when it closes.
 */
public final class WireMockS3 implements AutoCloseable {

    private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", "wiremock-s3-access-key",
            "aws.secretAccessKey", "wiremock-s3-secret-key");

    private final Map<String, String> before = new HashMap<>();
    private final List<S3VideoStore> stores = new ArrayList<>();
    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    private WireMockS3() {
        CREDENTIALS.forEach((name, value) -> {
            before.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        server.start();
    }

    public static WireMockS3 start() {
        return new WireMockS3();
    }

    public WireMockServer server() {
        return server;
    }

    /** A store with {@code settings}, whose S3 is this stand-in; closed with it. */
    public S3VideoStore store(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("veo.keep.s3-endpoint", "http://127.0.0.1:" + server.port());
        all.put("veo.keep.s3-path-style-access", "true");
        all.put("veo.keep.region", "us-east-1");
        S3VideoStore store = new S3VideoStore(ConfigDefaults.of(KeepConfig.class, all));
        stores.add(store);
        return store;
    }

    @Override
    public void close() {
        stores.forEach(S3VideoStore::close);
        server.stop();
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
