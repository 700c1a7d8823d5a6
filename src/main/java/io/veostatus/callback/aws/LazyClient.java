package io.veostatus.callback.aws;

import java.util.function.Supplier;

import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An AWS SDK client built the first time it is used, then kept for the instance's life: an invocation that never
 * reaches DynamoDB or Step Functions (a refused callback) pays nothing for its client.
 */
final class LazyClient<C extends SdkAutoCloseable> {

    private final Supplier<C> build;
    /** Guarded by {@code this}. */
    private C client;

    LazyClient(Supplier<C> build) {
        this.build = build;
    }

    synchronized C get() {
        if (client == null) {
            client = build.get();
        }
        return client;
    }

    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
