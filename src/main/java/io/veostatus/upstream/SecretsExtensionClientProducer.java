package io.veostatus.upstream;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.veostatus.config.VeoApiConfig;

/**
 * Builds the declarative {@link SecretsExtensionClient} for {@code veo.api.secrets-extension-url}. Application-scoped, so
 * the client is built when a key is first read from a secret, never for a function given {@code VEO_API_KEY}.
 */
@ApplicationScoped
class SecretsExtensionClientProducer {

    /** The extension answers on localhost from its cache or after one Secrets Manager call: seconds mean it is stuck. */
    private static final long CONNECT_TIMEOUT_MS = 1000;
    private static final long READ_TIMEOUT_MS = 3000;

    @Produces
    @ApplicationScoped
    SecretsExtensionClient secretsExtension(VeoApiConfig config) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.secretsExtensionUrl()))
                .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build(SecretsExtensionClient.class);
    }

    void close(@Disposes SecretsExtensionClient client) throws Exception {
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
