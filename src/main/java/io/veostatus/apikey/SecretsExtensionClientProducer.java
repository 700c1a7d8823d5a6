package io.veostatus.apikey;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

import io.veostatus.config.VeoApiConfig;

/**
 * Builds the declarative {@link SecretsExtensionClient} for {@code veo.api.secrets-extension-url}. Application-scoped, so
 * the client is built on first use: in the init phase's warm-up, and only where the key comes from a secret
 * ({@code VEO_API_KEY_SECRET_ID} without {@code VEO_API_KEY}); never for a function given {@code VEO_API_KEY}.
 */
@ApplicationScoped
class SecretsExtensionClientProducer {

    private static final Logger LOG = Logger.getLogger(SecretsExtensionClientProducer.class);

    /**
     * The extension answers on localhost from its cache or after one Secrets Manager call: seconds mean it is stuck. The
     * read timeout is the longest wait between two bytes; {@link SecretKeyReader} bounds the whole read by both together.
     */
    static final long CONNECT_TIMEOUT_MS = 1000;
    static final long READ_TIMEOUT_MS = 3000;

    @Produces
    @ApplicationScoped
    SecretsExtensionClient secretsExtension(VeoApiConfig config) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.secretsExtensionUrl()))
                .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .build(SecretsExtensionClient.class);
    }

    /** At shutdown; a failure to close is not a fault of the function, so it does not end as an ERROR line. */
    void close(@Disposes SecretsExtensionClient client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception failed) {
                LOG.warnf("Could not close the secrets extension's client: %s", failed.getMessage());
            }
        }
    }
}
