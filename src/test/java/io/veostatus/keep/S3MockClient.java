package io.veostatus.keep;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test class's S3 client for S3Mock, to look at what the function stored. It is made before the class's first
 * test rather than when the class starts because S3Mock is a Quarkus test resource, up only once Quarkus has
 * started for the class; it is closed after the class's last test.
 */
public final class S3MockClient implements BeforeEachCallback, AfterAllCallback {

    private S3Client client;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (client == null) {
            client = S3MockServer.client();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** The client, during a test. */
    public S3Client s3() {
        return client;
    }
}
